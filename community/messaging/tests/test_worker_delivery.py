"""A real Celery worker on Redis delivers a mail that the SMTP server refuses twice, on the third try."""

import time

import pytest

from community.messaging import send_message
from community.messaging.models import Outbox
from tests.smtp import LocalSmtpServer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _until(check, what: str, timeout_s: float = 60):
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout_s} s: {what}")
        time.sleep(0.05)


@pytest.fixture
def refusing_server():
    server = LocalSmtpServer(refusals=2).start()
    yield server
    server.stop()


def test_a_worker_delivers_a_mail_refused_twice_once_on_the_third_try(
    redis_worker, refusing_server
):
    # Retries after 1 s and 2 s: the worker's own countdown, as in production (60 s, 120 s ...).
    redis_worker.start(env={**refusing_server.worker_env, "MESSAGING_RETRY_DELAY_S": "1"})
    row = send_message(
        "localareas.council_invitation",
        "ida@example.dk",
        {"council": {"name": "Lokalrådet i Uldum"}, "link": "https://x.example.dk/", "days": 14},
    )
    status = Outbox.objects.filter(pk=row.pk).values_list("status", flat=True)
    _until(lambda: status.get() != Outbox.Status.QUEUED, "the worker sends or gives up the mail")

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Outbox.Status.SENT, 3)
    assert refusing_server.tries == 3
    (envelope,) = refusing_server.accepted
    assert envelope.rcpt_tos == ["ida@example.dk"]
    assert b"Lokalr" in envelope.content
