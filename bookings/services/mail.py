"""Booking e-mails, sent after the transaction commits (and not at all inside `muted_mail()`).

Times are formatted lazily, so each mail shows them in its recipient's language.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy

from bookings.models import (
    Booking,
    BookingSeries,
    WaitlistEntry,
)
from bookings.services.rules import fmt, local
from community.audit import log_many
from community.messaging import send_message
from community.site import absolute_url
from community.weekly import WEEKDAYS

fmt_lazy = lazy(fmt, str)
_mail_muted: contextvars.ContextVar = contextvars.ContextVar("booking_mail_muted", default=False)


@contextmanager
def muted_mail():
    """No booking e-mails for changes made inside the block (demo data, imports)."""
    token = _mail_muted.set(True)
    try:
        yield
    finally:
        _mail_muted.reset(token)


def after_commit(send) -> None:
    if not _mail_muted.get():
        transaction.on_commit(send)


def mail_booking(booking: Booking, kind: str) -> None:
    # Read again: the mail goes after commit, and only a confirmed booking's unrevoked code is shown.
    code = Booking.objects.select_related("door_code").get(pk=booking.pk).live_door_code
    context = {
        "booking": booking,
        "kind": kind,
        "when": fmt_lazy(booking.starts_at),
        "until": local(booking.ends_at).strftime("%H:%M"),
        "code": code,
        "url": absolute_url(reverse("bookings:booking-detail", args=[booking.pk])),
    }
    send_message(f"booking.{kind}", booking.booked_by, context)


def mail_series(series: BookingSeries, bookings: list[Booking]) -> None:
    context = {
        "series": series,
        "bookings": bookings,
        "dates": [fmt_lazy(b.starts_at) for b in bookings],
        "weekday": WEEKDAYS[series.weekday],
        "url": absolute_url(reverse("bookings:booking-list")),
    }
    send_message("booking.series", series.booked_by, context)


def mail_waitlist(entry: WaitlistEntry) -> None:
    query = f"?dato={local(entry.starts_at):%Y-%m-%d}&fra={local(entry.starts_at):%H:%M}&til={local(entry.ends_at):%H:%M}"
    context = {
        "entry": entry,
        "when": fmt_lazy(entry.starts_at),
        "url": absolute_url(reverse("bookings:booking-create", args=[entry.room_id]) + query),
    }
    send_message("booking.waitlist", entry.user, context)


def booking_reminders_send(*, now=None, hours: int = 24) -> int:
    """E-mail a reminder for every confirmed booking that starts within `hours`; each booking once."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=hours),
    ).select_related("room__building", "booked_by")
    sent = []
    for booking in due:
        mail_booking(booking, "reminder")
        Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=now)
        sent.append(booking)
    log_many("booking.reminder_sent", sent)
    return len(sent)
