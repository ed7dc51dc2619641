"""Booking e-mails, sent after the transaction commits (and not at all inside `muted_mail()`)."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import (
    Booking,
    BookingSeries,
    WaitlistEntry,
)
from bookings.services.rules import fmt, local
from community.audit import log_many
from community.weekly import WEEKDAYS

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


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def mail_booking(booking: Booking, kind: str) -> None:
    if not booking.booked_by.email:
        return
    # Read again: the mail goes after commit, and only a confirmed booking's unrevoked code is shown.
    code = Booking.objects.select_related("door_code").get(pk=booking.pk).live_door_code
    subjects = {
        "received": _("Din booking af %(room)s")
        if booking.status == Booking.Status.CONFIRMED
        else _("Vi har modtaget din anmodning om %(room)s"),
        "approved": _("Din booking af %(room)s er godkendt"),
        "rejected": _("Din booking af %(room)s er afvist"),
        "cancelled": _("Din booking af %(room)s er aflyst"),
        "reminder": _("Påmindelse: %(room)s"),
    }
    body = render_to_string(
        "bookings/email/booking.txt",
        {
            "booking": booking,
            "kind": kind,
            "when": fmt(booking.starts_at),
            "until": local(booking.ends_at).strftime("%H:%M"),
            "code": code,
            "url": _absolute(reverse("bookings:booking-detail", args=[booking.pk])),
        },
    )
    send_mail(
        subjects[kind] % {"room": booking.room},
        body,
        None,
        [booking.booked_by.email],
        fail_silently=True,
    )


def mail_series(series: BookingSeries, bookings: list[Booking]) -> None:
    if not series.booked_by.email:
        return
    body = render_to_string(
        "bookings/email/series.txt",
        {
            "series": series,
            "bookings": bookings,
            "dates": [fmt(b.starts_at) for b in bookings],
            "weekday": WEEKDAYS[series.weekday],
            "url": _absolute(reverse("bookings:booking-list")),
        },
    )
    send_mail(
        _("Fast booking af %(room)s") % {"room": series.room},
        body,
        None,
        [series.booked_by.email],
        fail_silently=True,
    )


def mail_waitlist(entry: WaitlistEntry) -> None:
    query = f"?dato={local(entry.starts_at):%Y-%m-%d}&fra={local(entry.starts_at):%H:%M}&til={local(entry.ends_at):%H:%M}"
    body = render_to_string(
        "bookings/email/waitlist.txt",
        {
            "entry": entry,
            "when": fmt(entry.starts_at),
            "url": _absolute(reverse("bookings:booking-create", args=[entry.room_id]) + query),
        },
    )
    send_mail(
        _("Et lokale, du venter på, er blevet ledigt"),
        body,
        None,
        [entry.user.email],
        fail_silently=True,
    )


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
