"""send_message: the recipient's language, their mail choices, the outbox, after commit, once."""

import socket

import pytest
from django.core import mail
from django.db import transaction

from community.messaging import send_message
from community.messaging.delivery import retry_countdown_s
from community.messaging.models import Outbox
from community.models import AuditEntry
from community.tests.factories import UserFactory
from volunteers.models import NotificationPreference

pytestmark = pytest.mark.django_db

INVITATION = {
    "council": {"name": "Lokalrådet i Uldum"},
    "link": "https://samskab.example.dk/invitation/abc/",
    "days": 14,
    "inviter": None,
}


def invite(recipient, **kwargs):
    return send_message("localareas.council_invitation", recipient, INVITATION, **kwargs)


def test_alice_who_chose_english_gets_the_mail_in_english_with_an_html_part():
    alice = UserFactory(email="alice@example.dk")
    NotificationPreference.objects.create(user=alice, language="en", kinds=["status"])
    row = invite(alice)
    (message,) = mail.outbox
    assert message.to == ["alice@example.dk"]
    assert message.subject == "Invitation to Lokalrådet i Uldum"
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en">' in html and "https://samskab.example.dk/invitation/abc/" in html
    row.refresh_from_db()
    assert (row.user, row.language, row.status, row.attempts) == (alice, "en", "sent", 1)
    assert row.sent_at is not None


def test_bob_without_a_stored_choice_and_an_unknown_address_get_danish():
    bob = UserFactory(email="bob@example.dk")
    invite(bob)
    invite("ukendt@example.dk")
    assert [m.subject for m in mail.outbox] == ["Invitation til Lokalrådet i Uldum"] * 2
    assert Outbox.objects.get(email="ukendt@example.dk").user is None


def test_the_language_a_person_chose_on_the_page_counts_only_without_a_stored_choice():
    carl = UserFactory(email="carl@example.dk")
    NotificationPreference.objects.create(user=carl, language="da", kinds=[])
    invite("carl@example.dk", language="en")
    invite("gaest@example.dk", language="en")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "carl@example.dk": "Invitation til Lokalrådet i Uldum",
        "gaest@example.dk": "Invitation to Lokalrådet i Uldum",
    }


def test_a_kind_of_mail_dorte_turned_off_is_not_sent_nor_recorded():
    dorte = UserFactory(email="dorte@example.dk")
    NotificationPreference.objects.create(user=dorte, language="da", kinds=["status"])
    assert invite(dorte, choice="reminder") is None
    assert invite(dorte, choice="status") is not None
    assert len(mail.outbox) == 1
    assert Outbox.objects.filter(user=dorte).count() == 1


def test_nobody_to_write_to_sends_nothing():
    assert invite(UserFactory(email="")) is None
    assert invite("  ") is None
    assert not mail.outbox and not Outbox.objects.exists()


def test_the_mail_waits_for_the_commit(real_on_commit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = invite("eva@example.dk")
    assert not mail.outbox
    assert Outbox.objects.get(pk=row.pk).status == "queued"
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert Outbox.objects.get(pk=row.pk).status == "sent"


def test_a_mail_queued_in_a_transaction_that_rolls_back_is_never_sent(
    real_on_commit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            invite("frida@example.dk")
            raise RuntimeError("the booking failed after the mail was queued")
    assert not mail.outbox
    assert not Outbox.objects.exists()


def test_a_delivery_run_twice_sends_once(real_on_commit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = invite("gerda@example.dk")
    assert callbacks and not mail.outbox  # the delivery waits for the commit
    # Twice: the second time is a worker lost before it acknowledged, or a duplicate retry.
    for _ in range(2):
        for callback in callbacks:  # the commit also tells the page caches to forget
            callback()
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_mail_the_server_never_takes_is_marked_failed_after_the_last_try_and_audited(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.MESSAGING_MAX_ATTEMPTS = 3
    settings.MESSAGING_RETRY_DELAY_S = 0
    row = invite("hanne@example.dk")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == ("failed", 3, None)
    assert "ConnectionRefusedError" in row.last_error
    entry = AuditEntry.objects.get(action="messaging.failed")
    assert entry.object_id == str(row.pk)


def test_each_retry_waits_twice_as_long_as_the_one_before(settings):
    settings.MESSAGING_RETRY_DELAY_S = 60
    assert [retry_countdown_s(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
