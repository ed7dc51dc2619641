"""Celery beat's booking-reminder entry fires the same reminder as the command, once per booking."""

from datetime import time

import pytest
from django.conf import settings
from django.core import mail

from bookings.tests.conftest import book, next_weekday
from community.celery import app
from community.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def test_the_beat_entry_for_booking_reminders_mails_each_booking_once(club, rep):
    room = RoomFactory()
    book(room, rep, next_weekday(1), time(10), time(12), club)
    app.loader.import_default_modules()  # what a worker and beat do when they start
    entry = settings.CELERY_BEAT_SCHEDULE["booking-reminders"]
    task = app.tasks[entry["task"]]
    mail.outbox.clear()
    task.apply(kwargs={**entry.get("kwargs", {}), "hours": 24 * 30})
    task.apply(kwargs={**entry.get("kwargs", {}), "hours": 24 * 30})
    assert len(mail.outbox) == 1
    assert str(room) in mail.outbox[0].subject
