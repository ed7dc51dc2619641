"""Weekly series for a season: preview, create (all dates or none), approve and cancel."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import (
    Booking,
    BookingSeries,
    Room,
)
from bookings.services.booking import booking_approve, booking_cancel
from bookings.services.doors import issue_door_codes
from bookings.services.mail import after_commit, mail_series
from bookings.services.rules import (
    BookingConflict,
    BookingRefused,
    at_local,
    check_head_count,
    check_may_book,
    clashes_of,
    closed_periods,
    fmt,
    hold,
    initial_status,
    local,
    new_booking,
    occurrence_problem,
    units_of,
)
from community.audit import log_action
from community.holidays import Holiday, holidays_between
from community.models import Association


@dataclass
class Occurrence:
    day: date
    starts_at: datetime
    ends_at: datetime
    problem: str | None = None
    clashes_with: list = field(default_factory=list)
    holiday: Holiday | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.holiday is None

    @property
    def skipped_entry(self) -> dict:
        """How the date is kept among the series' skipped dates (BookingSeries.skipped)."""
        if self.holiday is not None:
            return {
                "day": self.day.isoformat(),
                "why": self.holiday.key,
                "text": str(self.holiday.name),
            }
        why = "taken" if self.clashes_with else "other"
        return {"day": self.day.isoformat(), "why": why, "text": str(self.problem or "")}


@dataclass(frozen=True)
class WeeklyPattern:
    """The same time on one or more weekdays every week (or every n-th week) of a season: what a
    weekly series books."""

    weekday: int
    start_time: time
    end_time: time
    first_date: date
    last_date: date
    interval_weeks: int = 1
    also_weekdays: tuple[int, ...] = ()
    skip_school_holidays: bool = True

    def dates(self) -> list[date]:
        # Weeks count from the Monday of the first day's week, so every other week stays the same
        # weeks for all the chosen weekdays.
        weekdays = sorted({self.weekday, *self.also_weekdays})
        week = self.first_date - timedelta(days=self.first_date.weekday())
        out = []
        while week <= self.last_date:
            for weekday in weekdays:
                day = week + timedelta(days=weekday)
                if self.first_date <= day <= self.last_date:
                    out.append(day)
            week += timedelta(weeks=max(self.interval_weeks, 1))
        return out


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
    pattern: WeeklyPattern,
    now=None,
    booked_by=None,
    association: Association | None = None,
) -> list[Occurrence]:
    """Every date of the series with the reason it cannot be booked, if any: the conflict report.
    Public holidays, and school holidays if the pattern says so, are skipped and named.

    Given who books (and for which association), someone who may not book the room is refused first.
    """
    if booked_by is not None:
        check_may_book(booked_by, room, association)
    if pattern.last_date < pattern.first_date:
        raise BookingRefused(_("Sidste dag skal ligge efter første dag."))
    if (pattern.last_date - pattern.first_date).days > 366:
        raise BookingRefused(_("En fast booking kan højst gælde et år ad gangen."))
    periods = closed_periods(room, pattern.first_date, pattern.last_date)
    occurrences = [
        Occurrence(d, at_local(d, pattern.start_time), at_local(d, pattern.end_time))
        for d in pattern.dates()
    ]
    holidays = holidays_between(
        pattern.first_date, pattern.last_date, school=pattern.skip_school_holidays
    )
    for occ in occurrences:
        occ.holiday = holidays.get(occ.day)
        if occ.holiday is None:
            occ.problem = occurrence_problem(
                room, occ.starts_at, occ.ends_at, now=now, closed=periods
            )
    units = units_of(room)
    clashes = clashes_of(room, units, [(o.starts_at, o.ends_at) for o in occurrences])
    for i, bids in clashes.items():
        if occurrences[i].problem is None and occurrences[i].holiday is None:
            occurrences[i].problem = _("Optaget af en anden booking")
            occurrences[i].clashes_with = sorted(bids)
    return occurrences


def series_create(
    *,
    room: Room,
    pattern: WeeklyPattern,
    booked_by,
    association: Association | None = None,
    title: str = "",
    head_count: int | None = None,
    skip_dates=(),
    now=None,
) -> BookingSeries:
    """Book every week of the season except its holidays and the dates the user chose to skip after
    the conflict report; the series keeps each skipped date with its reason.

    All or nothing: a date that clashes and was not skipped refuses the whole series with a new report.
    """
    check_head_count(room, head_count)
    skip = set(skip_dates)
    occurrences = series_preview(
        room=room, pattern=pattern, now=now, booked_by=booked_by, association=association
    )
    wanted = [o for o in occurrences if o.day not in skip and o.holiday is None]
    skipped = [o.skipped_entry for o in occurrences if o.day in skip or o.holiday is not None]
    bad = [o for o in wanted if not o.ok]
    if bad:
        raise BookingConflict(
            _("Disse datoer kan ikke bookes: %(dates)s.")
            % {"dates": ", ".join(f"{o.day:%d.%m.%Y} ({o.problem})" for o in bad)},
            clashes=[o.day for o in bad],
        )
    if not wanted:
        raise BookingRefused(_("Der er ingen datoer tilbage at booke."))
    status = initial_status(room, booked_by)
    units = units_of(room)
    with transaction.atomic():
        series = BookingSeries(
            room=room,
            booked_by=booked_by,
            association=association,
            title=title,
            head_count=head_count,
            skipped=skipped,
            **dataclasses.asdict(pattern),
        )
        series.full_clean()
        series.save()
        bookings = [
            new_booking(
                room=room,
                booked_by=booked_by,
                association=association,
                series=series,
                title=title,
                head_count=head_count,
                starts_at=o.starts_at,
                ends_at=o.ends_at,
                status=status,
            )
            for o in wanted
        ]
        Booking.objects.bulk_create(bookings)
        if status == Booking.Status.CONFIRMED:
            hold(bookings, units=units)
            issue_door_codes(bookings, actor=booked_by)
        log_action(
            "booking_series.booked",
            obj=series,
            actor=booked_by,
            data={
                "dates": len(bookings),
                "skipped": sorted(str(d) for d in skip),
                "holidays": {
                    o.day.isoformat(): str(o.holiday.name) for o in occurrences if o.holiday
                },
                "status": status,
            },
        )
        after_commit(lambda: mail_series(series, bookings))
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
    log_action(
        "series.approved",
        obj=series,
        actor=decided_by,
        data={"approved": approved, "still_pending": refused},
    )
    return approved, refused


def series_cancellable(series: BookingSeries, now=None):
    """The series' dates that may still be cancelled: active and not yet begun."""
    return series.bookings.filter(
        status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED],
        starts_at__gt=now or timezone.now(),
    ).select_related("room")


def series_cancel(
    *, series: BookingSeries, cancelled_by, bookings=None, now=None
) -> tuple[int, int]:
    """Cancel the chosen dates of the series (every coming one unless told) that are before their
    deadline; returns how many were cancelled and how many were kept."""
    now = now or timezone.now()
    chosen = series_cancellable(series, now)
    if bookings is not None:
        chosen = chosen.filter(pk__in=[b.pk for b in bookings])
    done, kept = [], []
    for booking in chosen.order_by("starts_at"):
        try:
            booking_cancel(booking=booking, cancelled_by=cancelled_by, now=now)
            done.append(booking)
        except BookingRefused:
            kept.append(booking)
    log_action(
        "series.cancelled",
        obj=series,
        actor=cancelled_by,
        data={
            "cancelled": len(done),
            "kept": len(kept),
            "dates": [local(b.starts_at).date().isoformat() for b in done],
        },
    )
    return len(done), len(kept)
