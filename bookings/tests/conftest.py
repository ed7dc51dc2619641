from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from bookings import services
from bookings.services import at_local
from community.tests.factories import AssociationFactory, RoomFactory, association_rep


def next_weekday(weekday: int, weeks_ahead: int = 2):
    """A date `weeks_ahead` weeks from now that falls on this weekday."""
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def holiday_free_weekday(weekday: int, weeks: int, weeks_ahead: int = 2):
    """Like next_weekday, but moved on until that weekday is no public holiday for `weeks` weeks:
    a weekly series from it books every week whatever the date the tests run."""
    from community.holidays import holidays_between

    first = next_weekday(weekday, weeks_ahead)
    while holidays_between(first, first + timedelta(weeks=weeks), school=False):
        first += timedelta(weeks=1)
    return first


def slot(day, start: time, end: time) -> tuple[datetime, datetime]:
    return at_local(day, start), at_local(day, end)


def book(room, user, day, start, end, association=None, **kw):
    """Book through the service, as every page and the API do."""
    s, e = slot(day, start, end)
    return services.booking_create(
        room=room, starts_at=s, ends_at=e, booked_by=user, association=association, **kw
    )


def club_booking(room, starts_at, ends_at):
    """A booking by a new association's representative: someone else holds the slot."""
    club = AssociationFactory()
    return services.booking_create(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        booked_by=association_rep(club),
        association=club,
    )


def weekly(first, last, weekday: int = 1, start: time = time(19), end: time = time(21)):
    """A weekly slot (Tuesday 19-21 unless told) as series_preview and series_create take it."""
    return services.WeeklyPattern(weekday, start, end, first, last)


def weekly_search(first, last, weekday: int = 1, **extra) -> dict:
    """The room search form asking for a weekly Tuesday 19-21 slot (unless told) over these weeks."""
    return {
        "mode": "weekly",
        "weekday": weekday,
        "first_date": first.isoformat(),
        "last_date": last.isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        **extra,
    }


def thursday_series_form(club, first, last, **extra) -> dict:
    """The series page's form for the club, Thursdays 17-20 from `first` to `last`."""
    return {
        "association": str(club.pk),
        "weekday": 3,
        "start_time": "17:00",
        "end_time": "20:00",
        "first_date": first.isoformat(),
        "last_date": last.isoformat(),
        "head_count": 12,
        **extra,
    }


@pytest.fixture
def room(db):
    return RoomFactory(lock_enabled=True)


@pytest.fixture
def hall(db):
    """The whole hall and its two halves: booking one blocks the others that share a part."""
    whole = RoomFactory(name="Hele hallen", capacity=300)
    a = RoomFactory(name="Hal A", building=whole.building, capacity=150)
    b = RoomFactory(name="Hal B", building=whole.building, capacity=150)
    whole.parts.set([a, b])
    return {"whole": whole, "a": a, "b": b}


@pytest.fixture
def club(db):
    return AssociationFactory(name="Løsning Fællesspisning")


@pytest.fixture
def rep(club):
    return association_rep(club, email="rep@example.dk")


def coming_easter_monday(weeks_ahead: int = 3):
    """The first 2. påskedag at least `weeks_ahead` weeks from now (this year's or next year's)."""
    from community.holidays import easter_sunday

    soonest = timezone.localdate() + timedelta(weeks=weeks_ahead)
    easter = easter_sunday(soonest.year)
    if easter + timedelta(days=1) < soonest:
        easter = easter_sunday(soonest.year + 1)
    return easter + timedelta(days=1)
