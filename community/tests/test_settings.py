import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from community.env import envbool, envint, envlist


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_NUM", "42")
    monkeypatch.setenv("X_LIST", "a.dk, b.dk,")
    assert envbool("X_FLAG") is True
    assert envint("X_NUM", 1) == 42
    assert envlist("X_LIST") == ["a.dk", "b.dk"]


@pytest.mark.parametrize("reader,value", [(envbool, "maybe"), (lambda n: envint(n, 0), "ten")])
def test_env_helpers_fail_loudly_on_bad_values(monkeypatch, reader, value):
    monkeypatch.setenv("X_BAD", value)
    with pytest.raises(ImproperlyConfigured):
        reader("X_BAD")


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "community.settings",
            **env,
        },
        timeout=120,
    )


PRODUCTION = {
    "SAMSKAB_ENV": "production",
    "SECRET_KEY": "x" * 60 + "-a-long-and-random-production-secret",
    "ALLOWED_HOSTS": "samskab.hedensted.dk",
    "SITE_URL": "https://samskab.hedensted.dk",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
}


def test_production_settings_pass_the_deploy_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing,message",
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"REDIS_URL": ""}, "REDIS_URL must be set in production"),
        ({"SITE_URL": ""}, "SITE_URL must be set"),
        ({"SITE_URL": "http://samskab.hedensted.dk"}, "SITE_URL must be set"),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(missing, message):
    result = _manage("check", **{**PRODUCTION, **missing})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("site_url", ["", "http://127.0.0.1:8000"])
def test_the_deploy_check_fails_without_the_sites_public_address(site_url):
    result = _manage("check", "--deploy", **{**PRODUCTION, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


def test_the_deploy_check_fails_when_the_site_does_not_answer_on_its_public_address():
    result = _manage(
        "check", "--deploy", **{**PRODUCTION, "SITE_URL": "https://samskab.example.org"}
    )
    assert result.returncode != 0
    assert "samskab.E001" in result.stderr + result.stdout


def test_with_redis_url_the_cache_and_sessions_live_in_redis():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    code = (
        "from django.conf import settings; from django.core.cache import cache; "
        "cache.set('samskab-test', 41); print(settings.SESSION_ENGINE, cache.get('samskab-test') + 1)"
    )
    result = _manage("shell", "-c", code, REDIS_URL="redis://127.0.0.1:6379/9")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django.contrib.sessions.backends.cache", "42"]
