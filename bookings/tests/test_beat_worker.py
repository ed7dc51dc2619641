"""Celery beat's own scheduler fires the booking-reminder entry; a real worker on Redis mails it once."""

import email
import email.policy
import time
from datetime import time as clock
from datetime import timedelta

import pytest
from celery.beat import Scheduler
from django.conf import settings
from django.utils import timezone

from bookings.models import Booking
from bookings.tests.conftest import book, next_weekday
from community.celery import app
from community.messaging.models import Outbox
from community.tests.factories import RoomFactory
from tests.smtp import LocalSmtpServer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_server():
    server = LocalSmtpServer().start()
    yield server
    server.stop()


def _subjects(server) -> list[str]:
    return [
        str(email.message_from_bytes(e.content, policy=email.policy.default)["Subject"])
        for e in server.accepted
    ]


def _until(check, what: str, timeout_s: float = 60):
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout_s} s: {what}")
        time.sleep(0.05)


def test_the_beat_entry_for_booking_reminders_fires_through_a_worker_and_mails_once(
    redis_worker, mail_server, club, rep
):
    room = RoomFactory()
    booking = book(room, rep, next_weekday(1), clock(10), clock(12), club)
    # In three hours: inside the window of the entry as it stands (the task's default, 24 hours).
    soon = timezone.now() + timedelta(hours=3)
    Booking.objects.filter(pk=booking.pk).update(starts_at=soon, ends_at=soon + timedelta(hours=2))
    redis_worker.start(env=mail_server.worker_env)
    scheduler = Scheduler(app)  # reads the schedule from settings, as `celery beat` does
    entry = scheduler.schedule["booking-reminders"]
    assert entry.task == settings.CELERY_BEAT_SCHEDULE["booking-reminders"]["task"]
    entry.last_run_at = timezone.now() - timedelta(hours=1, minutes=1)
    assert entry.is_due().is_due, "an hourly entry last run over an hour ago is due"

    first = scheduler.apply_async(entry, producer=scheduler.producer)
    assert first.get(timeout=60) == 1
    reminders = Outbox.objects.filter(kind="booking.reminder")
    _until(
        lambda: reminders.filter(status=Outbox.Status.SENT).exists(), "the reminder is delivered"
    )
    second = scheduler.apply_async(
        scheduler.schedule["booking-reminders"], producer=scheduler.producer
    )
    assert second.get(timeout=60) == 0

    assert reminders.count() == 1
    assert _subjects(mail_server).count(f"Påmindelse: {room}") == 1
