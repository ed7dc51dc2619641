"""Mails name the platform and link to SITE_URL, never example.com or the host a request came in on."""

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from community.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://samskab.hedensted.dk"


@pytest.fixture
def hedensted(settings):
    """The platform runs at samskab.hedensted.dk; the operator has run migrate after setting it."""
    settings.SITE_URL = PUBLIC
    settings.SITE_NAME = "Samskab Hedensted"
    settings.ALLOWED_HOSTS = ["samskab.hedensted.dk", "intern.hedensted.local", "testserver"]
    call_command("migrate", verbosity=0)
    yield
    Site.objects.clear_cache()


def _links(message) -> list[str]:
    return [word for word in message.body.split() if "://" in word]


def test_migrate_gives_the_site_row_the_platforms_domain_and_name(hedensted):
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("samskab.hedensted.dk", "Samskab Hedensted")
    assert not Site.objects.filter(domain="example.com").exists()


def test_the_sign_up_confirmation_names_the_platform_and_links_to_its_address(client, hedensted):
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Karen",
            "last_name": "Holm",
            "email": "karen@example.dk",
            "password1": "Sommer-i-Juelsminde-26",
            "password2": "Sommer-i-Juelsminde-26",
            "accept_terms": "on",
        },
        HTTP_HOST="intern.hedensted.local",
    )
    (message,) = mail.outbox
    text = message.subject + message.body
    assert "example.com" not in text
    assert "Samskab Hedensted" in text and "samskab.hedensted.dk" in text
    links = _links(message)
    assert links and all(link.startswith(PUBLIC + "/accounts/confirm-email/") for link in links)


def test_the_password_reset_mail_links_to_the_platforms_address(client, hedensted):
    UserFactory(email="glemsom@example.dk")
    client.post(
        reverse("account_reset_password"),
        {"email": "glemsom@example.dk"},
        HTTP_HOST="intern.hedensted.local",
    )
    (message,) = mail.outbox
    assert "example.com" not in message.subject + message.body
    assert "Samskab Hedensted" in message.subject + message.body
    (link,) = _links(message)
    assert link.startswith(PUBLIC + "/accounts/password/reset/key/")
    assert client.get(link, follow=True).status_code == 200


def test_a_reset_asked_for_an_unknown_address_links_to_the_platforms_address(client, hedensted):
    client.post(
        reverse("account_reset_password"),
        {"email": "ukendt@example.dk"},
        HTTP_HOST="intern.hedensted.local",
    )
    (message,) = mail.outbox
    links = _links(message)
    assert links and all(link.startswith(PUBLIC + "/accounts/") for link in links)
