"""Staff reach nothing without the second factor, whichever way they log in."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    LocalAreaFactory,
    administrator,
    area_contact,
    coordinator,
    current_totp_code,
)

pytestmark = pytest.mark.django_db

STAFF = {
    "administrator": (lambda: administrator(email="ada@example.dk"), "admin:index"),
    "coordinator": (lambda: coordinator(email="carla@example.dk"), "community:citizen-list"),
    "playmaker": (
        lambda: area_contact(LocalAreaFactory(), email="palle@example.dk"),
        "community:citizen-list",
    ),
}


@pytest.fixture(params=list(STAFF))
def staff(request):
    make, page = STAFF[request.param]
    return make(), reverse(page)


def _logged_in(client) -> bool:
    return SESSION_KEY in client.session


def _answer_code(client, response):
    """The log-in stopped at the code step; answering it logs in."""
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert not _logged_in(client)
    done = client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert done.status_code == 302
    assert _logged_in(client)


def test_the_login_form_asks_staff_for_the_code_before_letting_them_in(client, staff):
    user, page = staff
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    _answer_code(client, response)
    assert client.get(page).status_code == 200


def test_a_wrong_code_does_not_log_staff_in(client, staff):
    user, page = staff
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert not _logged_in(client)
    assert client.get(page).status_code == 302


def test_the_admin_login_hands_over_to_the_login_with_the_code(client, staff):
    user, _page = staff
    response = client.get(reverse("admin:login") + "?next=/admin/community/user/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/admin/community/user/" in response["Location"]
    # Django's own password form is gone: posting a password to it logs nobody in.
    client.post(reverse("admin:login"), {"username": user.email, "password": TEST_PASSWORD})
    assert not _logged_in(client)


def test_a_password_reset_that_logs_in_still_asks_for_the_code(client, staff, settings):
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
    user, page = staff
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = next(w for w in mail.outbox[-1].body.split() if "/accounts/password/reset/key/" in w)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "Nyt-kodeord-i-Uldum-7", "password2": "Nyt-kodeord-i-Uldum-7"},
    )
    # allauth's log-in after the reset stops at the code step: the new password alone gets nobody in.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert not _logged_in(client)
    assert client.get(page).status_code == 302
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "Nyt-kodeord-i-Uldum-7"}
    )
    _answer_code(client, response)


def test_confirming_an_email_address_asks_staff_for_the_code(client, staff):
    user, page = staff
    address = EmailAddress.objects.get(user=user)
    address.verified = False
    address.save()
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    link = next(w for w in mail.outbox[-1].body.split() if "/accounts/confirm-email/" in w)
    response = client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    _answer_code(client, response)
    assert client.get(page).status_code == 200


def test_a_session_logged_in_any_other_way_is_sent_back_to_the_login(staff):
    """OpenID Connect, social log-in or a future path: without the second factor the session is ended."""
    user, page = staff
    client = Client()
    client.force_login_without_mfa(user)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _logged_in(client)
    # Not even the device pages are open to it: someone with only the password cannot remove the device.
    client.force_login_without_mfa(user)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302 and not _logged_in(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@pytest.mark.django_db(transaction=True)
def test_a_staff_member_who_sets_up_the_device_may_go_on_at_once(client):
    # A real transaction: allauth announces the new device when it commits, as in production.
    from community import totp

    user = coordinator(email="ny@example.dk")
    Authenticator.objects.filter(user=user).delete()
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert client.get(reverse("community:citizen-list"))["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if page.redirect_chain:  # allauth asks for the password again before a device is added
        page = client.post(page.redirect_chain[-1][0], {"password": TEST_PASSWORD}, follow=True)
    secret = page.context["form"].secret
    code = totp.code(secret)
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("community:citizen-list")).status_code == 200


def test_the_admin_never_shows_a_totp_secret(client):
    ada = administrator(email="ada@example.dk")
    client.force_login(ada)
    device = Authenticator.objects.get(user=ada, type=Authenticator.Type.TOTP)
    listing = client.get(reverse("admin:mfa_authenticator_changelist"))
    detail = client.get(reverse("admin:mfa_authenticator_change", args=[device.pk]))
    assert listing.status_code == 200 and detail.status_code == 200
    for response in (listing, detail):
        assert TEST_TOTP_SECRET not in response.text
        assert "secret" not in response.text.lower()
    # Nor can it be edited there.
    client.post(reverse("admin:mfa_authenticator_change", args=[device.pk]), {"data": "{}"})
    device.refresh_from_db()
    assert device.data.get("secret")


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(client):
    from community.tests.factories import UserFactory

    UserFactory(email="target@example.dk")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        attacker.post(reverse("account_login"), {"login": "target@example.dk", "password": "nej"})
    refused = attacker.post(
        reverse("account_login"), {"login": "target@example.dk", "password": TEST_PASSWORD}
    )
    assert "for mange mislykkede" in refused.text.lower()
    owner = Client(REMOTE_ADDR="198.51.100.7")
    owner.post(reverse("account_login"), {"login": "target@example.dk", "password": TEST_PASSWORD})
    assert _logged_in(owner)


def test_behind_the_load_balancer_each_client_has_its_own_limit_and_audit_address(settings, rf):
    from django.http import HttpResponse

    from community.audit import log_action
    from community.middleware import AuditActorMiddleware
    from community.models import AuditEntry
    from community.tests.factories import UserFactory

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="target@example.dk")
    # Every request comes from the load balancer's address; the client is in X-Forwarded-For.
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(6):
        attacker.post(reverse("account_login"), {"login": "target@example.dk", "password": "nej"})
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    owner.post(reverse("account_login"), {"login": "target@example.dk", "password": TEST_PASSWORD})
    assert _logged_in(owner)

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.7")
    AuditActorMiddleware(lambda r: log_action("test.ping") or HttpResponse())(request)
    assert AuditEntry.objects.get(action="test.ping").ip == "198.51.100.7"


def test_our_codes_are_the_ones_allauth_accepts():
    from allauth.mfa.totp.internal.auth import validate_totp_code

    from community import totp

    assert validate_totp_code(TEST_TOTP_SECRET, totp.code(TEST_TOTP_SECRET))
    # RFC 6238's published test vector (SHA-1, 8 digits at T=59 is 94287082; 6 digits: 287082).
    rfc_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp.code(rfc_secret, at=59) == "287082"


@pytest.mark.parametrize("steps_ago, accepted", [(1, True), (2, False)])
def test_a_code_from_the_step_just_ended_still_lets_staff_in_but_an_older_one_does_not(
    client, steps_ago, accepted
):
    """A code typed as the phone rolls over to the next one must work; an old one must not."""
    import time

    from allauth.mfa import app_settings

    from community import totp

    user = coordinator(email="carla@example.dk")
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    old = totp.code(TEST_TOTP_SECRET, at=time.time() - steps_ago * app_settings.TOTP_PERIOD)
    client.post(reverse("mfa_authenticate"), {"code": old})
    assert _logged_in(client) is accepted
