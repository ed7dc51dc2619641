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


def slot(day, start: time, end: time) -> tuple[datetime, datetime]:
    return at_local(day, start), at_local(day, end)


def book(room, user, day, start, end, association=None, **kw):
    """Book through the service, as every page and the API do."""
    s, e = slot(day, start, end)
    return services.booking_create(
        room=room, starts_at=s, ends_at=e, booked_by=user, association=association, **kw
    )


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
