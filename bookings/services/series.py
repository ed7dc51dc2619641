"""Weekly series for a season: preview, create (all dates or none), approve and cancel."""

from __future__ import annotations

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
    check_may_book,
    clashes_of,
    closed_periods,
    fmt,
    hold,
    initial_status,
    new_booking,
    occurrence_problem,
    units_of,
)
from community.audit import log_action
from community.models import Association


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
    booked_by=None,
    association: Association | None = None,
) -> list[Occurrence]:
    """Every date of the series with the reason it cannot be booked, if any: the conflict report.

    Given who books (and for which association), someone who may not book the room is refused first.
    """
    if booked_by is not None:
        check_may_book(booked_by, room, association)
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
    clashes = clashes_of(room, units, [(o.starts_at, o.ends_at) for o in occurrences])
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
    skip = set(skip_dates)
    occurrences = series_preview(
        room=room,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        first_date=first_date,
        last_date=last_date,
        now=now,
        booked_by=booked_by,
        association=association,
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
    status = initial_status(room, booked_by)
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
            new_booking(
                room=room,
                booked_by=booked_by,
                association=association,
                series=series,
                title=title,
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
    log_action(
        "series.cancelled", obj=series, actor=cancelled_by, data={"cancelled": done, "kept": kept}
    )
    return done, kept
