"""The room search against the simplest check there is: for each room and each date, ask the room's
rules and then the database whether one of its units has a slot in the way. On random rooms (rules,
buffers, halls made of parts, closed periods) and random bookings (touching the asked time, long
ones over several weeks), the paged search, the unpaged one and a single day must all agree with it."""

import random
from datetime import time, timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking, BookingSlot, ClosedPeriod
from bookings.room_search import RoomSearch, availability_search, season_dates
from bookings.selectors import rooms_matching
from bookings.services import at_local, occurrence_problem, unit_map
from bookings.services.rules import closed_periods
from bookings.tests.conftest import next_weekday
from community.tests.factories import BuildingFactory, RoomFactory, UserFactory

pytestmark = pytest.mark.django_db

WEEKS = 10
START, END = time(19), time(21)


def _random_world(rng: random.Random, first):
    """Rooms in three buildings with mixed rules, two halls made of parts, and random slots."""
    buildings = [BuildingFactory(name=f"Hus {n}") for n in range(3)]
    rooms = []
    for n in range(14):
        weekdays = sorted(rng.sample(range(7), rng.randint(4, 7)) + [1] * rng.randint(0, 3))
        rooms.append(
            RoomFactory(
                building=rng.choice(buildings),
                name=f"Rum {n:02d}",
                opens_at=rng.choice([time(7), time(8), time(19, 30)]),
                closes_at=rng.choice([time(22), time(22), time(20, 30)]),
                open_weekdays=sorted(set(weekdays)),
                buffer_min=rng.choice([0, 0, 15, 30, 60]),
                max_days_ahead=rng.choice([365, 365, 40]),
                max_duration_min=rng.choice([480, 480, 90]),
            )
        )
    hall, half_a, half_b = rooms[0], rooms[1], rooms[2]
    hall.parts.set([half_a, half_b])
    half_b.parts.set([rooms[3], rooms[4]])  # a hall of parts made of parts
    for offset in rng.sample(range(-3, 7 * WEEKS), 4):
        where = {"room": rng.choice(rooms)} if rng.random() < 0.5 else {}
        ClosedPeriod.objects.create(
            building=None if where else rng.choice(buildings),
            starts_on=first + timedelta(days=offset),
            ends_on=first + timedelta(days=offset + rng.randint(0, 9)),
            reason=f"Lukket {offset}",
            **where,
        )
    units = unit_map([r.pk for r in rooms])
    user, slots, held = UserFactory(), [], {}
    for room in rooms:
        for _ in range(rng.randint(0, 12)):
            day = first + timedelta(weeks=rng.randint(-1, WEEKS), days=rng.choice([0, 0, 0, -1, 1]))
            # On a quarter-hour grid around the asked 19-21, so slots touch its edges exactly.
            s = at_local(day, time(17)) + timedelta(minutes=15 * rng.randint(0, 20))
            e = s + timedelta(minutes=15 * rng.randint(1, 8))
            if rng.random() < 0.08:
                e = s + timedelta(days=rng.randint(8, 20))  # longer than a week: several dates
            blocked = e + timedelta(minutes=room.buffer_min)
            # A unit's slots never overlap (PostgreSQL's exclusion constraint): skip a clash.
            if any(hs < blocked and he > s for u in units[room.pk] for hs, he in held.get(u, [])):
                continue
            for u in units[room.pk]:
                held.setdefault(u, []).append((s, blocked))
            booking = Booking.objects.create(
                room=room, booked_by=user, starts_at=s, ends_at=e, status="confirmed"
            )
            slots += [
                BookingSlot(booking=booking, unit_id=u, starts_at=s, ends_at=blocked)
                for u in units[room.pk]
            ]
    BookingSlot.objects.bulk_create(slots)
    return rooms


def _simple_check(room, dates, now) -> list[tuple]:
    """Each date the room cannot be booked, with the reason, asked one date at a time."""
    units = unit_map([room.pk])[room.pk]
    clashes = []
    for d in dates:
        s, e = at_local(d, START), at_local(d, END)
        problem = occurrence_problem(room, s, e, now=now, closed=closed_periods(room, d, d))
        buffer = timedelta(minutes=room.buffer_min)
        taken = BookingSlot.objects.filter(
            unit_id__in=units, starts_at__lt=e + buffer, ends_at__gt=s
        ).exists()
        if problem is None and taken:
            problem = "Optaget"
        if problem is not None:
            clashes.append((d, problem))
    return clashes


def _answers(results) -> list[tuple]:
    return [(str(r.room), r.dates_free, r.clashes) for r in results]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_paged_search_and_the_unpaged_one_agree_with_a_date_by_date_check(seed):
    rng = random.Random(seed)
    first = next_weekday(1)
    rooms = _random_world(rng, first)
    last = first + timedelta(weeks=WEEKS - 1)
    dates = season_dates(1, first, last)[0]
    now = timezone.now()
    when = {"weekday": 1, "first_date": first, "last_date": last, "start_time": START}
    when |= {"end_time": END, "now": now}

    expected = {str(room): _simple_check(room, dates, now) for room in rooms}
    unpaged = _answers(availability_search(rooms_matching(), **when))
    assert {name: clashes for name, _free, clashes in unpaged} == expected
    assert all(free == len(dates) - len(expected[name]) for name, free, _ in unpaged)
    assert [(-free, name) for name, free, _ in unpaged] == sorted(
        (-free, name) for name, free, _ in unpaged
    )
    assert any(clashes for clashes in expected.values()), "the random world books nothing"

    search = RoomSearch(rooms_matching(), **when)
    pages = [search.page(n, per_page=4) for n in range(1, 5)]
    paged = [answer for page in pages for answer in _answers(page.object_list)]
    assert paged == unpaged


@pytest.mark.parametrize("seed", [4, 5])
def test_a_single_day_agrees_with_the_check_of_that_day(seed):
    rng = random.Random(seed)
    first = next_weekday(1)
    rooms = _random_world(rng, first)
    now = timezone.now()
    for day in (first, first + timedelta(weeks=3, days=rng.randint(0, 6))):
        when = {"day": day, "start_time": START, "end_time": END, "now": now}
        expected = {str(room): _simple_check(room, [day], now) for room in rooms}
        page = RoomSearch(rooms_matching(), **when).page(1, per_page=len(rooms))
        assert {str(r.room): r.clashes for r in page.object_list} == expected
        assert all(r.all_free == (not r.clashes) for r in page.object_list)
