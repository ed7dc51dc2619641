"""Suite-wide pytest setup: test markers that must not skip in CI, and the Playwright + axe browser harness."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in tests stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# CI's PostgreSQL pass sets this: every test must run there, so a skip is a failure.
REQUIRE_ALL = os.environ.get("SAMSKAB_REQUIRE_ALL", "") == "1"
# How long a browser test waits for something the page should do before it fails.
BROWSER_TIMEOUT_MS = 60_000


def pytest_configure(config):
    from django.conf import settings

    # Argon2 is slow on purpose; tests make hundreds of users. The production hasher is tested once
    # (community/tests/test_accounts.py) with the configured list.
    settings.PRODUCTION_PASSWORD_HASHERS = list(settings.PASSWORD_HASHERS)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _force_login_passes_mfa()
    _sqlite_readers_do_not_lock()


def _sqlite_readers_do_not_lock():
    """The SQLite test database lives in memory, shared by the live server's threads and the
    background-task threads through SQLite's shared cache, where a reader locks the tables it reads:
    a page polling a matching run's progress while the run saves would fail with "database table is
    locked" (a file database, as `make run` uses, waits instead). Readers take no table locks here."""
    from django.db.backends.signals import connection_created

    def no_read_locks(sender, connection, **kwargs):
        if connection.vendor == "sqlite":
            connection.cursor().execute("PRAGMA read_uncommitted = 1")

    connection_created.connect(no_read_locks, weak=False)


def _force_login_passes_mfa():
    """`client.force_login(staff)` stands for a finished log-in, second factor included.

    For the whole run, so clients made in module-scoped fixtures get it too. The tests of the log-in
    paths themselves (community/tests/test_mfa.py) log in through the real forms, or use
    `force_login_without_mfa` for a session that skipped the second factor.
    """
    from django.test import Client

    from community import mfa

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if mfa.has_device(user):
            session = self.session
            mfa.mark_passed(session, user)
            session.save()

    Client.force_login = force_login
    Client.force_login_without_mfa = original


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    for item in items:
        if "postgres" in item.keywords and not settings.IS_POSTGRES:
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL: runs in CI's PostgreSQL pass")
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped:
        report.outcome = "failed"
        report.longrepr = (
            f"skipped in a run that must run everything (SAMSKAB_REQUIRE_ALL=1): {report.longrepr}"
        )


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits, TOTP replay guards and the area lookup live in the cache: start each test clean."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _private_media(tmp_path_factory):
    """Private uploads (problem-report photos) go to a temporary folder, never the checkout's."""
    from django.conf import settings

    before = settings.PRIVATE_MEDIA_ROOT
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.getbasetemp() / "private-media"
    yield
    settings.PRIVATE_MEDIA_ROOT = before


@pytest.fixture(autouse=True)
def _background_tasks(request, settings):
    """No broker: tasks run embedded. A test inside a transaction rolled back at its end never
    commits, so what waits for the commit (a queued task, a queued mail) runs at once in the test's
    own thread, which alone sees its data (community/tasks.py:after_commit); a test that commits
    (a live server, `transaction=True`) runs tasks in a thread of their own, as `make run` does.
    Either way no task outlives its test."""
    from community.tasks import wait_for_embedded_tasks

    settings.CELERY_BROKER_URL = ""
    marker = request.node.get_closest_marker("django_db")
    committing = bool(marker and marker.kwargs.get("transaction"))
    live = {"live_server", "transactional_db", "redis_worker"} & set(request.fixturenames)
    settings.TASKS_IN_THREAD = committing or bool(live)
    settings.AFTER_COMMIT_AT_ONCE = not settings.TASKS_IN_THREAD and (
        "real_on_commit" not in request.fixturenames
    )
    yield
    wait_for_embedded_tasks()


@pytest.fixture(autouse=True)
def _hedensted_by_default(settings):
    """The suite was written for the Hedensted demo: without a Municipality row, the settings name
    it and its postcodes place addresses (tests of other municipalities store their own row)."""
    settings.MUNICIPALITY_NAME = "Hedensted"
    settings.MUNICIPALITY_CODE = "0766"
    settings.POSTCODE_BOUNDARIES = str(ROOT / "localareas/data/postnumre_hedensted.geojson")


@pytest.fixture(autouse=True)
def _danish_to_begin_with():
    """A request in English leaves English active in the thread (LocaleMiddleware does not reset
    it): each test starts in the site's language, as a visitor's first page does."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def real_on_commit():
    """Ask for it to keep what waits for a commit waiting in a test that never commits (tests of the
    after-commit rule itself, with django_capture_on_commit_callbacks): see _background_tasks."""


@pytest.fixture(scope="session", autouse=True)
def _project_imported_before_any_clock_is_frozen():
    """Import every view (and what they import) once, before any test freezes the clock.

    A module first imported inside a frozen test keeps freezegun's fake time: DRF's throttles bind
    `time.time` at import, and pandas (through folium) crashes the interpreter outright.
    """
    import pandas  # noqa: F401
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if IN_CI or REQUIRE_ALL:
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser tests.")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _prepared(page, violations: list[str]):
    """Every browser page: the suite's timeouts, and Content-Security-Policy violations collected."""
    # Waits are for what the page does (a selector, a load state, expect(locator)...); the timeout
    # only bounds a hang, and is long enough for a machine whose two cores are busy with other work.
    # The one place for it: tests write no timeout of their own.
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    page.set_default_navigation_timeout(BROWSER_TIMEOUT_MS * 3 // 2)
    # Every browser test also checks the Content-Security-Policy: nothing a page does may break it.
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page


@pytest.fixture
def page(browser, settings):
    from playwright.sync_api import expect

    # Tiles come from the network, which browser tests do not have.
    settings.MAP_TILES_ENABLED = False
    # expect() keeps its own default (5 s) unless told.
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    violations = []
    page = _prepared(context.new_page(), violations)
    yield page
    artifacts = ROOT / "test-artifacts"
    if os.environ.get("SAMSKAB_SCREENSHOTS"):
        artifacts.mkdir(exist_ok=True)
        page.screenshot(
            path=str(
                artifacts
                / f"{os.environ.get('PYTEST_CURRENT_TEST', 'page').split(' ')[0].replace('/', '_').replace(':', '_')}.png"
            ),
            full_page=True,
        )
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def new_page(browser, page):
    """`new_page()`: a page for a second person (own cookies), with the same timeouts and CSP check."""
    contexts, violations = [], []

    def make():
        context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return _prepared(context.new_page(), violations)

    yield make
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


AXE_JS = ROOT / "node_modules/axe-core/axe.min.js"
_axe_source: list[str] = []


def AXE_SOURCE() -> str:
    if not _axe_source:
        _axe_source.append(AXE_JS.read_text() + "\n;true")
    return _axe_source[0]


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page (WCAG 2.1 A and AA rules) and return the violations of these impacts.

    A click that navigates may still be loading the next page when this is called: the old document
    then goes away under axe. It waits for the new page and checks that one instead."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        try:
            return _axe_once(page, impacts)
        except PlaywrightError as error:
            gone = ("Execution context was destroyed", "reading 'documentElement'", "axe is not")
            if attempt == 2 or not any(text in str(error) for text in gone):
                raise
            page.wait_for_load_state("load")


def _axe_once(page, impacts) -> list[dict]:
    # Let transitions settle first (Leaflet fades popups in): axe measures contrast as painted.
    page.evaluate(
        """async () => await Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
            .map(a => a.finished.catch(() => null)))"""
    )
    # Evaluated through DevTools, not as a <script> tag: the page's Content-Security-Policy forbids
    # inline scripts, and rightly so.
    page.evaluate(AXE_SOURCE())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture
def axe():
    """`axe(page)` fails the test with a readable list when the page has serious or critical violations."""

    def check(page):
        violations = axe_violations(page)
        assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)

    return check


@pytest.fixture
def hedensted_areas(db):
    """The 33 real Hedensted parishes from DAGI, imported as local areas."""
    from localareas.models import LocalArea
    from localareas.services import local_areas_import

    local_areas_import(path=ROOT / "localareas/data/sogne_hedensted.geojson", source="test")
    return {a.name: a for a in LocalArea.objects.all()}


@pytest.fixture
def login(live_server):
    """`login(page, user)`: log in through the real form, answering the two-factor step when the user has one."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from django.urls import reverse

    from community.tests.factories import TEST_PASSWORD, current_totp_code

    def do(page, user, password=TEST_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            for _attempt in range(2):
                page.fill("input[name=code]", current_totp_code())
                with page.expect_navigation():
                    page.press("input[name=code]", "Enter")
                if not page.url.startswith(f"{live_server.url}{reverse('mfa_authenticate')}"):
                    break
                # allauth refuses a code used once already (a second log-in within the same
                # 30 seconds): the phone would show the next one a moment later.
                time.sleep(app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD)
        if password == TEST_PASSWORD:
            assert not page.url.startswith(f"{live_server.url}/accounts/"), f"no log-in: {page.url}"
        return page

    return do


REDIS_TEST_URL = os.environ.get("SAMSKAB_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


class Workers:
    """Real Celery worker processes (solo pool) on the test Redis database, sharing the test database."""

    def __init__(self, env: dict, logs: Path):
        self.env = env
        self.logs = logs
        self.procs: list = []

    def start(self, *, hold_at: str = "", release: Path | None = None, env: dict | None = None):
        """A new worker, started and answering; `env` adds to its environment (a test's mail server)."""
        import subprocess
        import sys

        name = f"test{len(self.procs)}-{os.getpid()}@localhost"
        env = dict(self.env, **(env or {}), SAMSKAB_TEST_HOLD_AT=hold_at)
        if release is not None:
            env["SAMSKAB_TEST_RELEASE"] = str(release)
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.worker", "--pool=solo", "--loglevel=INFO", "-n", name]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        proc.log = log
        self.procs.append(proc)
        # Its own word that it is consuming, not a ping: a solo worker that takes a task at once
        # (one a lost worker left) answers no ping until that task is done.
        path, deadline = self.logs / f"{name}.log", time.monotonic() + 120
        while f"{name} ready." not in path.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start: {path.read_text()}")
            time.sleep(0.1)
        return proc

    def kill(self, proc):
        import signal

        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except Exception:
                    proc.kill()
            proc.log.close()


@pytest.fixture
def redis_worker(transactional_db, settings, tmp_path):
    """Real Celery workers on the local Redis (SAMSKAB_TEST_REDIS_URL, else database 13) and the
    test database. Each test process keeps to keys of its own (CELERY_KEY_PREFIX), removed before and
    after: two pytest-xdist processes, each with its own test database, must not take each other's tasks.

    The worker is another process, so the test database must be one it can open: PostgreSQL (CI's
    PostgreSQL pass). `redis_worker.start(hold_at=..., release=..., env=...)` starts one; `.kill(proc)`
    loses it.
    """
    import redis
    from django.db import connection

    from community.celery import app

    if not settings.IS_POSTGRES:
        pytest.skip(
            "a worker process cannot open SQLite's in-memory test database: runs on PostgreSQL"
        )
    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if IN_CI or REQUIRE_ALL:
            pytest.fail(f"no Redis at {REDIS_TEST_URL}; CI must run the worker tests.")
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    prefix = f"samskab-test-{os.getpid()}:"

    def remove_our_keys():
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)

    remove_our_keys()
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    settings.CELERY_BROKER_URL = REDIS_TEST_URL
    conf = app.conf
    names = ("broker_url", "result_backend", "broker_transport_options")
    names += ("result_backend_transport_options",)
    before = {name: conf[name] for name in names}
    conf.broker_url = conf.result_backend = REDIS_TEST_URL
    conf.broker_transport_options = {
        **before["broker_transport_options"],
        "global_keyprefix": prefix,
    }
    conf.result_backend_transport_options = {"global_keyprefix": prefix}
    # The app keeps the result backend it made first, for no backend (its broker connections are
    # made on first use, here: the prefix is this process's, the same for each of its tests).
    app._backend = app._get_backend()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=REDIS_TEST_URL,
        CELERY_RESULT_BACKEND=REDIS_TEST_URL,
        CELERY_KEY_PREFIX=prefix,
        # A message a lost worker took comes back to the queue after this long (an hour in production).
        CELERY_VISIBILITY_TIMEOUT_S="2",
        DB_CONN_MAX_AGE="0",
    )
    workers = Workers(env, tmp_path)
    yield workers
    workers.stop_all()
    for name, value in before.items():
        conf[name] = value
    app._backend = app._get_backend()
    remove_our_keys()
