"""Writes of the platform core: citizens' retention, room bookings, series, approval, cancellation, door codes, waitlist,
associations. Every path that makes a booking hold a room goes through `_hold()`, which locks the
room rows and checks for clashes before inserting; PostgreSQL's exclusion constraint backs it up.
"""

from __future__ import annotations

import contextvars
import hashlib
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community import access, ratelimit
from community.access import bookings as booking_access
from community.audit import forget_citizen_name, log_action
from community.models import (
    AccessEvent,
    Association,
    Booking,
    BookingSeries,
    BookingSlot,
    Citizen,
    ClosedPeriod,
    Door,
    DoorCode,
    Role,
    Room,
    WaitlistEntry,
)
from community.weekly import WEEKDAYS

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
_mail_muted: contextvars.ContextVar = contextvars.ContextVar("booking_mail_muted", default=False)
DOOR_CODE_MARGIN = timedelta(minutes=15)
DOOR_FAILURES_ALLOWED = 5
DOOR_FAILURE_WINDOW_S = 10 * 60
# Wrong lock secrets: from one client address, and for one door from anywhere (higher, as
# many addresses may be guessing at once; a door locked out this way still needs its secret).
LOCK_SECRET_FAILURES_PER_CLIENT = 10
LOCK_SECRET_FAILURES_PER_DOOR = 30
LOCK_SECRET_FAILURE_WINDOW_S = 15 * 60


class BookingRefused(Exception):
    """A booking that breaks a rule; the message is shown to the user as it is."""

    def __init__(self, message: str, *, clashes: list | None = None):
        super().__init__(message)
        self.message = message
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
    return local(dt).strftime("%d.%m.%Y kl. %H:%M")


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


def _blocked(room: Room, starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    return starts_at, ends_at + timedelta(minutes=room.buffer_min)


def _lock_units(units: list[int]) -> None:
    """Take the row locks of the room units, in id order so two bookers never deadlock."""
    list(Room.objects.select_for_update().filter(pk__in=units).order_by("pk").values_list("pk"))


def _clashes(units: list[int], intervals: list[tuple[datetime, datetime]], exclude_booking=None):
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


def _hold(bookings: list[Booking], *, units: list[int], exclude_booking=None) -> None:
    """Lock, check and insert the slots of confirmed bookings; a clash raises BookingConflict.

    The caller runs inside transaction.atomic(). The lock is taken once, as late as possible.
    """
    intervals = [_blocked(b.room, b.starts_at, b.ends_at) for b in bookings]
    _lock_units(units)
    clashes = _clashes(units, intervals, exclude_booking=exclude_booking)
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


def _price(room: Room, association, starts_at, ends_at) -> Decimal:
    if association is not None:
        return Decimal("0")
    hours = Decimal((ends_at - starts_at).total_seconds()) / Decimal(3600)
    return (room.price_per_hour_dkk * hours).quantize(Decimal("0.01"))


def _needs_approval(room: Room, user) -> bool:
    return room.requires_approval and not booking_access.can_approve(user, room)


def booking_create(
    *,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    booked_by,
    association: Association | None = None,
    title: str = "",
    now: datetime | None = None,
) -> Booking:
    """Book a room once. Confirmed at once (with a door code), or pending when the room needs approval."""
    refusal = booking_access.booking_refusal(booked_by, room, association)
    if refusal:
        raise BookingRefused(refusal)
    problem = occurrence_problem(room, starts_at, ends_at, now=now)
    if problem:
        raise BookingRefused(problem)
    booking = Booking(
        room=room,
        booked_by=booked_by,
        association=association,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        price_dkk=_price(room, association, starts_at, ends_at),
        status=Booking.Status.PENDING
        if _needs_approval(room, booked_by)
        else Booking.Status.CONFIRMED,
    )
    booking.full_clean()
    units = units_of(room)
    with transaction.atomic():
        if booking.status == Booking.Status.CONFIRMED:
            booking.save()
            _hold([booking], units=units)
            _issue_door_codes([booking])
        else:
            # A request for a slot that is already confirmed to someone else is refused at once.
            if _clashes(units, [_blocked(room, starts_at, ends_at)]):
                raise BookingConflict(
                    _("Lokalet er allerede booket %(when)s. Vælg et andet tidspunkt.")
                    % {"when": fmt(starts_at)}
                )
            booking.save()
        log_action(
            "booking.created",
            obj=booking,
            actor=booked_by,
            data={"status": booking.status, "starts_at": booking.starts_at.isoformat()},
        )
        _after_commit(lambda: _mail_booking(booking, "received"))
    return booking


def _lock(booking: Booking) -> None:
    """Take the booking's row lock and re-read it: another request may have changed its state.

    Every state change of a booking runs its checks after this, inside the same transaction, so an
    approval and a cancellation at the same moment are decided one after the other. The booking's
    row is locked before any room row, in every service, so two of them never deadlock.
    """
    Booking.objects.select_for_update().filter(pk=booking.pk).values_list("pk").first()
    booking.refresh_from_db(
        fields=["status", "starts_at", "ends_at", "decided_by", "decided_at", "cancelled_at"]
    )


def booking_update(
    *, booking: Booking, starts_at: datetime, ends_at: datetime, changed_by, now=None
) -> Booking:
    """Move a booking to another time on the same room, through the same check as a new booking."""
    problem = occurrence_problem(booking.room, starts_at, ends_at, now=now)
    if problem:
        raise BookingRefused(problem)
    units = units_of(booking.room)
    with transaction.atomic():
        _lock(booking)
        if not booking.is_active:
            raise BookingRefused(_("Bookingen er aflyst eller afvist og kan ikke ændres."))
        moved_from = booking.starts_at.isoformat()
        booking.starts_at, booking.ends_at = starts_at, ends_at
        booking.price_dkk = _price(booking.room, booking.association, starts_at, ends_at)
        booking.full_clean()
        if booking.status == Booking.Status.CONFIRMED:
            # The booking's own old slots go first, so the new time is checked against the others only.
            BookingSlot.objects.filter(booking=booking).delete()
            _hold([booking], units=units, exclude_booking=booking.pk)
            booking.save()
            DoorCode.objects.filter(booking=booking).update(
                valid_from=starts_at - DOOR_CODE_MARGIN, valid_until=ends_at + DOOR_CODE_MARGIN
            )
        else:
            booking.save()
        log_action(
            "booking.moved",
            obj=booking,
            actor=changed_by,
            data={"from": moved_from, "to": starts_at.isoformat()},
        )
    return booking


def booking_approve(*, booking: Booking, decided_by) -> Booking:
    """Confirm a pending booking: the approval goes through the same locked clash check."""
    if not booking_access.can_approve(decided_by, booking.room):
        raise BookingRefused(_("Du kan ikke godkende bookinger af dette lokale."))
    units = units_of(booking.room)
    with transaction.atomic():
        _lock(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingRefused(_("Bookingen afventer ikke godkendelse."))
        _hold([booking], units=units)
        booking.status = Booking.Status.CONFIRMED
        booking.decided_by = decided_by
        booking.decided_at = timezone.now()
        booking.save(update_fields=["status", "decided_by", "decided_at"])
        _issue_door_codes([booking])
        log_action("booking.approved", obj=booking, actor=decided_by)
        _after_commit(lambda: _mail_booking(booking, "approved"))
    return booking


def booking_reject(*, booking: Booking, decided_by, note: str = "") -> Booking:
    if not booking_access.can_approve(decided_by, booking.room):
        raise BookingRefused(_("Du kan ikke afvise bookinger af dette lokale."))
    with transaction.atomic():
        _lock(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingRefused(_("Bookingen afventer ikke godkendelse."))
        booking.status = Booking.Status.REJECTED
        booking.decided_by = decided_by
        booking.decided_at = timezone.now()
        booking.note = note[:300]
        booking.save(update_fields=["status", "decided_by", "decided_at", "note"])
        log_action("booking.rejected", obj=booking, actor=decided_by, data={"note": booking.note})
        _after_commit(lambda: _mail_booking(booking, "rejected"))
    return booking


def cancel_deadline(booking: Booking) -> datetime:
    return booking.starts_at - timedelta(hours=booking.room.cancel_deadline_hours)


def booking_cancel(*, booking: Booking, cancelled_by, now=None) -> Booking:
    """Cancel before the room's deadline (approvers may always); revoke the door code, offer the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(booking)
        if not booking.is_active:
            raise BookingRefused(_("Bookingen er allerede aflyst eller afvist."))
        if booking.ends_at <= now:
            raise BookingRefused(_("Bookingen er overstået og kan ikke aflyses."))
        if now > cancel_deadline(booking) and not booking_access.ignores_cancel_deadline(
            cancelled_by, booking
        ):
            raise BookingRefused(
                _(
                    "Fristen for at aflyse var %(deadline)s (%(hours)s timer før). Kontakt "
                    "kommunen, hvis I alligevel ikke kan bruge lokalet."
                )
                % {
                    "deadline": fmt(cancel_deadline(booking)),
                    "hours": booking.room.cancel_deadline_hours,
                }
            )
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        BookingSlot.objects.filter(booking=booking).delete()
        revoked = DoorCode.objects.filter(booking=booking, revoked_at__isnull=True).update(
            revoked_at=now
        )
        log_action(
            "booking.cancelled",
            obj=booking,
            actor=cancelled_by,
            data={"door_codes_revoked": revoked},
        )
        _offer_waitlist(booking.room, booking.starts_at, booking.ends_at)
        _after_commit(lambda: _mail_booking(booking, "cancelled"))
    return booking


# --- weekly series for a season ---


@dataclass
class Occurrence:
    day: date
    starts_at: datetime
    ends_at: datetime
    problem: str | None = None
    clashes_with: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None


def series_dates(weekday: int, first: date, last: date) -> list[date]:
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    out = []
    while day <= last:
        out.append(day)
        day += timedelta(days=7)
    return out


def series_preview(
    *,
    room: Room,
    weekday: int,
    start_time: time,
    end_time: time,
    first_date: date,
    last_date: date,
    now=None,
) -> list[Occurrence]:
    """Every date of the series with the reason it cannot be booked, if any: the conflict report."""
    if last_date < first_date:
        raise BookingRefused(_("Sidste dag skal ligge efter første dag."))
    if (last_date - first_date).days > 366:
        raise BookingRefused(_("En fast booking kan højst gælde et år ad gangen."))
    periods = closed_periods(room, first_date, last_date)
    occurrences = [
        Occurrence(d, at_local(d, start_time), at_local(d, end_time))
        for d in series_dates(weekday, first_date, last_date)
    ]
    for occ in occurrences:
        occ.problem = occurrence_problem(room, occ.starts_at, occ.ends_at, now=now, closed=periods)
    units = units_of(room)
    clashes = _clashes(units, [_blocked(room, o.starts_at, o.ends_at) for o in occurrences])
    for i, bids in clashes.items():
        if occurrences[i].problem is None:
            occurrences[i].problem = _("Optaget af en anden booking")
            occurrences[i].clashes_with = sorted(bids)
    return occurrences


def series_create(
    *,
    room: Room,
    weekday: int,
    start_time: time,
    end_time: time,
    first_date: date,
    last_date: date,
    booked_by,
    association: Association | None = None,
    title: str = "",
    skip_dates=(),
    now=None,
) -> BookingSeries:
    """Book every week of the season except the dates the user chose to skip after the conflict report.

    All or nothing: a date that clashes and was not skipped refuses the whole series with a new report.
    """
    refusal = booking_access.booking_refusal(booked_by, room, association)
    if refusal:
        raise BookingRefused(refusal)
    skip = set(skip_dates)
    occurrences = series_preview(
        room=room,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        first_date=first_date,
        last_date=last_date,
        now=now,
    )
    wanted = [o for o in occurrences if o.day not in skip]
    bad = [o for o in wanted if not o.ok]
    if bad:
        raise BookingConflict(
            _("Disse datoer kan ikke bookes: %(dates)s.")
            % {"dates": ", ".join(f"{o.day:%d.%m.%Y} ({o.problem})" for o in bad)},
            clashes=[o.day for o in bad],
        )
    if not wanted:
        raise BookingRefused(_("Der er ingen datoer tilbage at booke."))
    status = (
        Booking.Status.PENDING if _needs_approval(room, booked_by) else Booking.Status.CONFIRMED
    )
    units = units_of(room)
    with transaction.atomic():
        series = BookingSeries(
            room=room,
            booked_by=booked_by,
            association=association,
            title=title,
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
            first_date=first_date,
            last_date=last_date,
        )
        series.full_clean()
        series.save()
        bookings = [
            Booking(
                room=room,
                booked_by=booked_by,
                association=association,
                series=series,
                title=title,
                starts_at=o.starts_at,
                ends_at=o.ends_at,
                status=status,
                price_dkk=_price(room, association, o.starts_at, o.ends_at),
            )
            for o in wanted
        ]
        Booking.objects.bulk_create(bookings)
        if status == Booking.Status.CONFIRMED:
            _hold(bookings, units=units)
            _issue_door_codes(bookings)
        log_action(
            "booking_series.booked",
            obj=series,
            actor=booked_by,
            data={
                "dates": len(bookings),
                "skipped": sorted(str(d) for d in skip),
                "status": status,
            },
        )
        _after_commit(lambda: _mail_series(series, bookings))
    return series


def series_approve(*, series: BookingSeries, decided_by) -> tuple[int, list[str]]:
    """Approve every pending date of a series; dates that clash stay pending and are named."""
    approved, refused = 0, []
    for booking in series.bookings.filter(status=Booking.Status.PENDING).select_related("room"):
        try:
            booking_approve(booking=booking, decided_by=decided_by)
            approved += 1
        except BookingConflict:
            refused.append(fmt(booking.starts_at))
    return approved, refused


def series_cancel(*, series: BookingSeries, cancelled_by, now=None) -> tuple[int, int]:
    """Cancel every future date of the series that is still before its deadline."""
    now = now or timezone.now()
    done = kept = 0
    for booking in series.bookings.filter(
        status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED], starts_at__gt=now
    ).select_related("room"):
        try:
            booking_cancel(booking=booking, cancelled_by=cancelled_by, now=now)
            done += 1
        except BookingRefused:
            kept += 1
    return done, kept


# --- door codes and locks ---


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _issue_door_codes(bookings: list[Booking]) -> None:
    """Give each confirmed booking of a lock-enabled room a code no other booking has at the same time."""
    bookings = [b for b in bookings if b.room.lock_enabled]
    if not bookings:
        return
    lo = min(b.starts_at for b in bookings) - DOOR_CODE_MARGIN
    hi = max(b.ends_at for b in bookings) + DOOR_CODE_MARGIN
    taken = list(
        DoorCode.objects.filter(
            revoked_at__isnull=True, valid_from__lt=hi, valid_until__gt=lo
        ).values_list("code", "valid_from", "valid_until")
    )
    codes = []
    for b in bookings:
        start, end = b.starts_at - DOOR_CODE_MARGIN, b.ends_at + DOOR_CODE_MARGIN
        busy = {c for c, f, u in taken if f < end and u > start}
        code = _new_code()
        while code in busy:
            code = _new_code()
        taken.append((code, start, end))
        codes.append(DoorCode(booking=b, code=code, valid_from=start, valid_until=end))
    DoorCode.objects.bulk_create(codes)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def door_create(*, room: Room, name: str) -> tuple[Door, str]:
    """A new door and its lock secret; the secret is shown once and only its hash is kept."""
    secret = secrets.token_urlsafe(32)
    door = Door(room=room, name=name, secret_hash=hash_secret(secret))
    door.full_clean()
    door.save()
    log_action("door.created", obj=door)
    return door, secret


def door_rotate_secret(*, door: Door) -> str:
    secret = secrets.token_urlsafe(32)
    door.secret_hash = hash_secret(secret)
    door.save(update_fields=["secret_hash"])
    log_action("door.secret_rotated", obj=door)
    return secret


def door_authenticate(door_id, secret: str, *, client_ip: str) -> Door | None:
    """The door whose lock presents this secret, or None; too many wrong secrets lock guessing out."""
    door = Door.objects.select_related("room").filter(pk=door_id).first()
    limits = [(f"lock-secret-failures:ip:{client_ip}", LOCK_SECRET_FAILURES_PER_CLIENT)]
    if door is not None:
        limits.append((f"lock-secret-failures:door:{door.pk}", LOCK_SECRET_FAILURES_PER_DOOR))
    for key, allowed in limits:
        if ratelimit.count(key) >= allowed:
            raise LockSecretRateLimited(ratelimit.retry_after_s(key, LOCK_SECRET_FAILURE_WINDOW_S))
    if (
        door is None
        or not secret
        or not secrets.compare_digest(door.secret_hash, hash_secret(secret))
    ):
        for key, _allowed in limits:
            ratelimit.record(key, LOCK_SECRET_FAILURE_WINDOW_S)
        return None
    return door


def _failure_key(door: Door) -> str:
    return f"door-failures:{door.pk}"


def door_code_retry_after_s(door: Door) -> int:
    """Seconds until this door takes codes again after too many wrong ones."""
    return ratelimit.retry_after_s(_failure_key(door), DOOR_FAILURE_WINDOW_S)


def door_check(*, door: Door, code: str, at: datetime | None = None) -> tuple[bool, str]:
    """Does this code open this door now? Records an access event; too many wrong codes lock guessing out."""
    at = at or timezone.now()
    if ratelimit.count(_failure_key(door)) >= DOOR_FAILURES_ALLOWED:
        AccessEvent.objects.create(door=door, at=at, granted=False, reason="rate_limited")
        return False, "rate_limited"
    # A code opens a door only when its booking holds every unit behind that door: the whole
    # hall's booking opens Hal A's door, Hal A's booking opens neither Hal B's nor the whole hall's.
    door_units = units_of(door.room)
    match = (
        DoorCode.objects.filter(
            code=str(code).strip(),
            revoked_at__isnull=True,
            valid_from__lte=at,
            valid_until__gte=at,
            booking__status=Booking.Status.CONFIRMED,
        )
        .annotate(
            units_held=Count(
                "booking__slots__unit",
                filter=Q(booking__slots__unit_id__in=door_units),
                distinct=True,
            )
        )
        .filter(units_held=len(door_units))
        .select_related("booking")
        .first()
    )
    if match is None:
        ratelimit.record(_failure_key(door), DOOR_FAILURE_WINDOW_S)
        AccessEvent.objects.create(door=door, at=at, granted=False, reason="wrong_code")
        return False, "wrong_code"
    AccessEvent.objects.create(door=door, at=at, granted=True, booking=match.booking, reason="ok")
    return True, "ok"


# --- waitlist ---


def waitlist_join(*, room: Room, starts_at, ends_at, user, association=None) -> WaitlistEntry:
    if association is not None and association.pk not in access.association_ids(user):
        raise BookingRefused(
            _("Du er ikke repræsentant for %(name)s.") % {"name": association.name}
        )
    entry = WaitlistEntry(
        room=room, user=user, association=association, starts_at=starts_at, ends_at=ends_at
    )
    entry.full_clean()
    entry.save()
    return entry


def _offer_waitlist(room: Room, starts_at, ends_at) -> WaitlistEntry | None:
    """Offer a freed slot to the first person waiting for it whose whole wish is now free."""
    candidates = WaitlistEntry.objects.filter(
        room_id__in=related_room_ids(room.pk),
        status=WaitlistEntry.Status.WAITING,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).select_related("room", "user")
    for entry in candidates:
        units = units_of(entry.room)
        if _clashes(
            units, [_blocked(entry.room, entry.starts_at, entry.ends_at)], exclude_booking=None
        ):
            continue
        entry.status = WaitlistEntry.Status.OFFERED
        entry.offered_at = timezone.now()
        entry.save(update_fields=["status", "offered_at"])
        _after_commit(lambda e=entry: _mail_waitlist(e))
        return entry
    return None


# --- e-mails ---


@contextmanager
def muted_mail():
    """No booking e-mails for changes made inside the block (demo data, imports)."""
    token = _mail_muted.set(True)
    try:
        yield
    finally:
        _mail_muted.reset(token)


def _after_commit(send) -> None:
    if not _mail_muted.get():
        transaction.on_commit(send)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail_booking(booking: Booking, kind: str) -> None:
    if not booking.booked_by.email:
        return
    code = DoorCode.objects.filter(booking=booking, revoked_at__isnull=True).first()
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
        "community/email/booking.txt",
        {
            "booking": booking,
            "kind": kind,
            "when": fmt(booking.starts_at),
            "until": local(booking.ends_at).strftime("%H:%M"),
            "code": code,
            "url": _absolute(reverse("community:booking-detail", args=[booking.pk])),
        },
    )
    send_mail(
        subjects[kind] % {"room": booking.room},
        body,
        None,
        [booking.booked_by.email],
        fail_silently=True,
    )


def _mail_series(series: BookingSeries, bookings: list[Booking]) -> None:
    if not series.booked_by.email:
        return
    body = render_to_string(
        "community/email/series.txt",
        {
            "series": series,
            "bookings": bookings,
            "dates": [fmt(b.starts_at) for b in bookings],
            "weekday": WEEKDAYS[series.weekday],
            "url": _absolute(reverse("community:booking-list")),
        },
    )
    send_mail(
        _("Fast booking af %(room)s") % {"room": series.room},
        body,
        None,
        [series.booked_by.email],
        fail_silently=True,
    )


def _mail_waitlist(entry: WaitlistEntry) -> None:
    query = f"?dato={local(entry.starts_at):%Y-%m-%d}&fra={local(entry.starts_at):%H:%M}&til={local(entry.ends_at):%H:%M}"
    body = render_to_string(
        "community/email/waitlist.txt",
        {
            "entry": entry,
            "when": fmt(entry.starts_at),
            "url": _absolute(reverse("community:booking-create", args=[entry.room_id]) + query),
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
    sent = 0
    for booking in due:
        _mail_booking(booking, "reminder")
        Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=now)
        sent += 1
    return sent


# --- associations ---


def association_register(
    *,
    user,
    name: str,
    cvr: str = "",
    purpose: str = "",
    email: str = "",
    postcode: str = "",
    works_with_children: bool = False,
    core_tasks=(),
) -> Association:
    """A new association awaiting the municipality's approval; the user becomes its representative."""
    association = Association(
        name=name,
        cvr=cvr,
        purpose=purpose,
        email=email,
        postcode=postcode,
        works_with_children=works_with_children,
        status=Association.Status.PENDING,
    )
    association.full_clean()
    with transaction.atomic():
        association.save()
        association.core_tasks.set(core_tasks)
        Role.objects.create(user=user, kind=Role.Kind.ASSOCIATION_REP, association=association)
        log_action("association.registered", obj=association, actor=user)
    access.forget_roles(user)
    return association


def association_decide(*, association: Association, decided_by, approve: bool) -> Association:
    if not access.is_admin(decided_by):
        raise BookingRefused(_("Kun administratorer kan godkende foreninger."))
    association.status = Association.Status.APPROVED if approve else Association.Status.REJECTED
    association.approved_at = timezone.now() if approve else None
    association.save(update_fields=["status", "approved_at"])
    log_action(
        "association.approved" if approve else "association.rejected",
        obj=association,
        actor=decided_by,
    )
    return association


def association_add_representative(*, association: Association, email: str, added_by):
    """Another person with a profile here becomes a representative of the association."""
    from community.models import User

    if not booking_access.may_act_for(added_by, association):
        raise BookingRefused(
            _("Du er ikke repræsentant for %(name)s.") % {"name": association.name}
        )
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise BookingRefused(
            _("Der er ingen profil med e-mailen %(email)s. Bed personen oprette en profil først.")
            % {"email": email}
        )
    role, created = Role.objects.get_or_create(
        user=user, kind=Role.Kind.ASSOCIATION_REP, association=association
    )
    if created:
        log_action(
            "association.representative_added",
            obj=association,
            actor=added_by,
            data={"user_id": user.pk},
        )
    return role


def association_declare_child_certificates(*, association: Association, declared_by) -> Association:
    """The representative declares that everyone working with children has a current child certificate."""
    if not booking_access.may_act_for(declared_by, association):
        raise BookingRefused(
            _("Du er ikke repræsentant for %(name)s.") % {"name": association.name}
        )
    association.works_with_children = True
    association.child_certificate_declared_on = timezone.localdate()
    association.save(update_fields=["works_with_children", "child_certificate_declared_on"])
    log_action("association.certificates_declared", obj=association, actor=declared_by)
    return association


def association_rotate_feed_token(*, association: Association, rotated_by) -> Association:
    """A new calendar address for the association (its feed carries door codes); the old one stops."""
    from community.models import _new_feed_token

    if not booking_access.may_act_for(rotated_by, association):
        raise BookingRefused(
            _("Du er ikke repræsentant for %(name)s.") % {"name": association.name}
        )
    association.feed_token = _new_feed_token()
    association.save(update_fields=["feed_token"])
    log_action("association.feed_rotated", actor=rotated_by, obj=association)
    return association


# --- accounts ---


def account_create(*, email: str, password: str, first_name: str, last_name: str):
    """A new person's account with an unconfirmed e-mail address (allauth mails the link)."""
    from allauth.account.models import EmailAddress

    from community.models import User

    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    log_action("account.created", obj=user, actor=user)
    return user


# --- citizens ---


def citizen_erase(*, citizen: Citizen, actor, reason: str) -> None:
    """Erase a citizen's record on request, with their needs, matches and follow-ups; audited with the reason.

    The person's user account, if any, stays: it may be a volunteer's or an association's too.
    """
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
        log_action(
            "citizen.erased",
            obj=citizen,
            actor=actor,
            purpose="citizen_request",
            data={"reason": reason},
        )
        forget_citizen_name(citizen)
        citizen.delete()


def citizens_erase_expired(*, today: date, actor=None) -> int:
    """Erase citizens whose retention period has run out; one audit entry per erased record."""
    with transaction.atomic():
        expired = list(Citizen.objects.filter(retain_until__lt=today).select_for_update())
        for citizen in expired:
            log_action(
                "citizen.erased",
                obj=citizen,
                actor=actor,
                purpose="retention",
                data={"retain_until": citizen.retain_until.isoformat()},
            )
            forget_citizen_name(citizen)
            citizen.delete()
    return len(expired)
