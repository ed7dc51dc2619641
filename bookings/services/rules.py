"""The rules every booking obeys, and the guarded insert. Every path that makes a booking hold a room
goes through `hold()`, which locks the room units and checks for clashes before inserting;
PostgreSQL's exclusion constraint backs it up.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bookings.models import (
    Booking,
    BookingSlot,
    ClosedPeriod,
    Room,
)
from community.access import bookings as booking_access
from community.services import ActionRefused
from community.weekly import WEEKDAYS

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class BookingRefused(ActionRefused):
    """A booking that breaks a rule; the message is shown to the user as it is."""

    def __init__(self, message: str, *, clashes: list | None = None):
        super().__init__(message)
        self.clashes = clashes or []


class BookingConflict(BookingRefused):
    """The time is taken (or became taken while the user was deciding)."""


class LockSecretRateLimited(Exception):
    """Too many wrong lock secrets lately: no secret is checked until the window passes."""

    def __init__(self, retry_after_s: int):
        super().__init__(retry_after_s)
        self.retry_after_s = retry_after_s


def local(dt: datetime) -> datetime:
    return dt.astimezone(COPENHAGEN)


def fmt(dt: datetime) -> str:
    """A time for a message or a mail, in the reader's language (1 December 2026, 20:12 in English)."""
    return formats.date_format(local(dt), "DATETIME_FORMAT")


def at_local(day: date, clock: time) -> datetime:
    """The aware moment of this wall-clock time on this day in Copenhagen (19:00 stays 19:00 over DST)."""
    return datetime.combine(day, clock).replace(tzinfo=COPENHAGEN)


# --- room units: a room blocks itself, or each of its parts (the whole hall blocks both halves) ---


def unit_map(room_ids=None) -> dict[int, list[int]]:
    """Room id -> the unit ids it occupies: its leaf parts, or itself when it has no parts."""
    through = Room.parts.through
    children: dict[int, list[int]] = {}
    for whole, part in through.objects.values_list("from_room_id", "to_room_id"):
        children.setdefault(whole, []).append(part)

    def leaves(rid: int, seen: frozenset) -> list[int]:
        kids = [k for k in children.get(rid, []) if k not in seen]
        if not kids:
            return [rid]
        out: list[int] = []
        for kid in kids:
            out.extend(leaves(kid, seen | {rid}))
        return sorted(set(out))

    ids = (
        room_ids
        if room_ids is not None
        else set(children) | {p for v in children.values() for p in v}
    )
    return {rid: leaves(rid, frozenset()) for rid in ids}


def units_of(room: Room) -> list[int]:
    return unit_map([room.pk])[room.pk]


def related_room_ids(room_id: int) -> set[int]:
    """The room, the rooms it consists of and the rooms it is part of (for doors and waitlists)."""
    through = Room.parts.through
    ids = {room_id}
    frontier = {room_id}
    while frontier:
        pairs = list(
            through.objects.filter(from_room_id__in=frontier).values_list(
                "from_room_id", "to_room_id"
            )
        ) + list(
            through.objects.filter(to_room_id__in=frontier).values_list(
                "from_room_id", "to_room_id"
            )
        )
        found = {x for pair in pairs for x in pair} - ids
        ids |= found
        frontier = found
    return ids


# --- rules of a single occurrence ---


def occurrence_problem(
    room: Room, starts_at: datetime, ends_at: datetime, *, now=None, closed=None
) -> str | None:
    """Why this time breaks the room's rules (opening hours, closed period, duration, how far ahead)."""
    now = now or timezone.now()
    if ends_at <= starts_at:
        return _("Sluttidspunktet skal ligge efter starttidspunktet.")
    if starts_at < now:
        return _("Tidspunktet er allerede passeret.")
    duration_min = (ends_at - starts_at).total_seconds() / 60
    if duration_min < room.min_duration_min:
        return _("Lokalet skal bookes i mindst %(n)s minutter.") % {"n": room.min_duration_min}
    if duration_min > room.max_duration_min:
        return _("Lokalet kan højst bookes i %(n)s minutter ad gangen.") % {
            "n": room.max_duration_min
        }
    if starts_at > now + timedelta(days=room.max_days_ahead):
        return _("Lokalet kan højst bookes %(n)s dage frem.") % {"n": room.max_days_ahead}
    start_l, end_l = local(starts_at), local(ends_at)
    if start_l.date() != end_l.date() and end_l.time() != time(0, 0):
        return _("En booking skal ligge inden for én dag.")
    if start_l.weekday() not in (room.open_weekdays or []):
        return _("Lokalet har lukket om %(day)s.") % {"day": WEEKDAYS[start_l.weekday()]}
    end_clock = end_l.time() if end_l.date() == start_l.date() else time(23, 59, 59)
    if start_l.time() < room.opens_at or end_clock > room.closes_at:
        return _("Lokalet har åbent fra %(a)s til %(b)s.") % {
            "a": room.opens_at.strftime("%H:%M"),
            "b": room.closes_at.strftime("%H:%M"),
        }
    periods = closed if closed is not None else closed_periods(room, start_l.date(), start_l.date())
    for period in periods:
        if period.starts_on <= start_l.date() <= period.ends_on:
            return _("Lukket: %(reason)s") % {"reason": period.reason or _("lukkeperiode")}
    return None


def closed_periods(room: Room, first: date, last: date) -> list[ClosedPeriod]:

    return list(
        ClosedPeriod.objects.filter(
            Q(room=room) | Q(building_id=room.building_id), starts_on__lte=last, ends_on__gte=first
        )
    )


# --- the guarded insert ---


def blocked_span(room: Room, starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    return starts_at, ends_at + timedelta(minutes=room.buffer_min)


def lock_units(units: list[int]) -> None:
    """Take the row locks of the room units, in id order so two bookers never deadlock."""
    list(Room.objects.select_for_update().filter(pk__in=units).order_by("pk").values_list("pk"))


def find_clashes(
    units: list[int], intervals: list[tuple[datetime, datetime]], exclude_booking=None
):
    """For each interval, the confirmed bookings that overlap it in any unit (one query)."""
    if not intervals:
        return {}
    lo = min(s for s, _ in intervals)
    hi = max(e for _, e in intervals)
    rows = BookingSlot.objects.filter(unit_id__in=units, starts_at__lt=hi, ends_at__gt=lo)
    if exclude_booking is not None:
        rows = rows.exclude(booking_id=exclude_booking)
    rows = sorted(rows.values_list("starts_at", "ends_at", "booking_id"))
    found: dict[int, set[int]] = {}
    for i, (s, e) in enumerate(intervals):
        for rs, re_, bid in rows:
            if rs >= e:
                break
            if re_ > s:
                found.setdefault(i, set()).add(bid)
    return found


def clashes_of(room: Room, units: list[int], times: list[tuple[datetime, datetime]]):
    """For each (starts_at, ends_at) on this room, the confirmed bookings it clashes with, buffer included."""
    return find_clashes(units, [blocked_span(room, s, e) for s, e in times])


def hold(bookings: list[Booking], *, units: list[int], exclude_booking=None) -> None:
    """Lock, check and insert the slots of confirmed bookings; a clash raises BookingConflict.

    The caller runs inside transaction.atomic(). The lock is taken once, as late as possible.
    """
    intervals = [blocked_span(b.room, b.starts_at, b.ends_at) for b in bookings]
    lock_units(units)
    clashes = find_clashes(units, intervals, exclude_booking=exclude_booking)
    if clashes:
        dates = [fmt(bookings[i].starts_at) for i in sorted(clashes)]
        raise BookingConflict(
            _("Lokalet er allerede booket: %(dates)s. Vælg et andet tidspunkt.")
            % {"dates": ", ".join(dates)},
            clashes=dates,
        )
    slots = [
        BookingSlot(booking=b, unit_id=u, starts_at=s, ends_at=e)
        for b, (s, e) in zip(bookings, intervals, strict=True)
        for u in units
    ]
    try:
        with transaction.atomic():
            BookingSlot.objects.bulk_create(slots)
    except IntegrityError as exc:
        # Only PostgreSQL's exclusion constraint gets here: another booking won the race.
        raise BookingConflict(
            _("Lokalet blev booket af en anden i samme øjeblik. Vælg et andet tidspunkt.")
        ) from exc


def price_for(room: Room, association, starts_at, ends_at) -> Decimal:
    if association is not None:
        return Decimal("0")
    hours = Decimal((ends_at - starts_at).total_seconds()) / Decimal(3600)
    return (room.price_per_hour_dkk * hours).quantize(Decimal("0.01"))


def check_head_count(room: Room, head_count: int | None) -> None:
    problem = room.head_count_problem(head_count)
    if problem:
        raise BookingRefused(problem)


def check_may_book(user, room: Room, association=None) -> None:
    """Refuse someone who may not book this room (for this association) before anything is checked."""
    refusal = booking_access.booking_refusal(user, room, association)
    if refusal:
        raise BookingRefused(refusal)


def initial_status(room: Room, user) -> str:
    """A new booking waits for approval where the room asks for it, unless its booker may approve it."""
    if room.requires_approval and not booking_access.can_approve(user, room):
        return Booking.Status.PENDING
    return Booking.Status.CONFIRMED


def new_booking(
    *,
    room: Room,
    booked_by,
    association,
    title: str,
    starts_at,
    ends_at,
    status,
    series=None,
    head_count: int | None = None,
) -> Booking:
    """An unsaved booking, at the price of its time."""
    return Booking(
        head_count=head_count,
        room=room,
        booked_by=booked_by,
        association=association,
        series=series,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        status=status,
        price_dkk=price_for(room, association, starts_at, ends_at),
    )
