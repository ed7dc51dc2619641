"""How long bookings, door codes, door events and waitlist places are kept, and the jobs that delete them."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bookings.models import AccessEvent, Booking, BookingSeries, DoorCode, WaitlistEntry
from community.retention import Kind, cutoff, rule


def access_events_delete_expired(now: datetime) -> int:
    deleted, _per_model = AccessEvent.objects.filter(
        at__lt=cutoff("door_access_events", now)
    ).delete()
    return deleted


def door_codes_delete_expired(now: datetime) -> int:
    _total, per_model = DoorCode.objects.filter(valid_until__lt=cutoff("door_codes", now)).delete()
    return per_model.get(DoorCode._meta.label, 0)


def waitlist_entries_delete_expired(now: datetime) -> int:
    _total, per_model = WaitlistEntry.objects.filter(
        ends_at__lt=cutoff("waitlist_entries", now)
    ).delete()
    return per_model.get(WaitlistEntry._meta.label, 0)


def bookings_delete_expired(now: datetime) -> int:
    """Bookings that ended longer ago than the accounts need them, and series left with none."""
    limit = cutoff("bookings", now)
    with transaction.atomic():
        _total, per_model = Booking.objects.filter(ends_at__lt=limit).delete()
        BookingSeries.objects.filter(
            last_date__lt=timezone.localdate(limit), bookings__isnull=True
        ).delete()
    return per_model.get(Booking._meta.label, 0)


# Texts are translated when shown (these lambdas run per request), not when this module is imported.
KINDS = [
    Kind(
        "bookings",
        bookings_delete_expired,
        "booking(s) that ended before the accounting period",
        lambda: _("Dine bookinger af lokaler"),
        rule(
            gettext_noop(
                "Slettes %(period)s efter, at bookingen er slut. Så længe skal regnskabet gemmes."
            ),
            "bookings",
        ),
    ),
    Kind(
        "door_codes",
        door_codes_delete_expired,
        "door code(s) no longer valid",
        lambda: _("Dine dørkoder"),
        rule(
            gettext_noop("Slettes %(period)s efter, at koden er holdt op med at virke."),
            "door_codes",
        ),
    ),
    Kind(
        "door_access_events",
        access_events_delete_expired,
        "door access event(s)",
        lambda: _("Hvornår en dør er låst op med din kode"),
        rule(gettext_noop("Slettes %(period)s efter, at det skete."), "door_access_events"),
    ),
    Kind(
        "waitlist_entries",
        waitlist_entries_delete_expired,
        "waiting list entries for past times",
        lambda: _("Dine pladser på venteliste"),
        rule(
            gettext_noop("Slettes %(period)s efter det tidspunkt, du ventede på."),
            "waitlist_entries",
        ),
    ),
]
