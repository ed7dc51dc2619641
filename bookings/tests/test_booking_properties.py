"""Property tests: whatever sequence of bookings, moves and cancellations people try, no two confirmed
bookings of linked rooms overlap; a door code opens only inside its booking's window."""

from datetime import time, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookings import services
from bookings.models import Booking
from bookings.services import at_local
from bookings.tests.conftest import club_booking, next_weekday
from community.tests.factories import AssociationFactory, RoomFactory, association_rep

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

operation = st.tuples(
    st.sampled_from(["book", "book", "book", "move", "cancel"]),
    st.sampled_from(["whole", "a", "b"]),
    st.integers(min_value=0, max_value=2),  # day
    st.integers(min_value=16, max_value=56),  # start in quarter hours from 04:00 -> 8:00..18:00
    st.integers(min_value=2, max_value=12),  # duration in quarter hours
    st.integers(min_value=0, max_value=30),  # which earlier booking to move or cancel
)


@pytest.fixture
def world(db):
    club = AssociationFactory()
    rep = association_rep(club)
    whole = RoomFactory(name="Hele hallen", buffer_min=15)
    a = RoomFactory(name="Hal A", building=whole.building)
    b = RoomFactory(name="Hal B", building=whole.building)
    whole.parts.set([a, b])
    return {"club": club, "rep": rep, "rooms": {"whole": whole, "a": a, "b": b}}


def _units(booking, rooms):
    if booking.room_id == rooms["whole"].pk:
        return {rooms["a"].pk, rooms["b"].pk}
    return {booking.room_id}


@PROPERTY
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_no_two_confirmed_bookings_of_linked_rooms_overlap(world, ops):
    rooms, monday = world["rooms"], next_weekday(0)
    with transaction.atomic():
        made = []
        for kind, room_key, day, start_q, dur_q, pick in ops:
            s = at_local(monday + timedelta(days=day), time(4)) + timedelta(minutes=15 * start_q)
            e = s + timedelta(minutes=15 * dur_q)
            try:
                if kind == "book":
                    made.append(
                        services.booking_create(
                            room=rooms[room_key],
                            starts_at=s,
                            ends_at=e,
                            booked_by=world["rep"],
                            association=world["club"],
                        )
                    )
                elif made and kind == "move":
                    services.booking_update(
                        booking=made[pick % len(made)],
                        starts_at=s,
                        ends_at=e,
                        changed_by=world["rep"],
                    )
                elif made:
                    services.booking_cancel(
                        booking=made[pick % len(made)], cancelled_by=world["rep"]
                    )
            except services.BookingRefused:
                pass
        confirmed = list(
            Booking.objects.filter(status=Booking.Status.CONFIRMED).select_related("room")
        )
        for i, x in enumerate(confirmed):
            for y in confirmed[i + 1 :]:
                if _units(x, rooms) & _units(y, rooms):
                    assert x.ends_at <= y.starts_at or y.ends_at <= x.starts_at, (x, y)
        transaction.set_rollback(True)


@PROPERTY
@given(
    start_q=st.integers(min_value=32, max_value=60),
    dur_q=st.integers(min_value=2, max_value=16),
    probe_min=st.integers(min_value=-120, max_value=24 * 60),
    cancel=st.booleans(),
)
def test_a_code_opens_a_door_only_inside_its_booking_window(
    world, start_q, dur_q, probe_min, cancel
):
    from django.core.cache import cache

    room = world["rooms"]["a"]
    with transaction.atomic():
        room.lock_enabled = True
        room.save()
        s = at_local(next_weekday(2), time(0)) + timedelta(minutes=15 * start_q)
        e = s + timedelta(minutes=15 * dur_q)
        booking = services.booking_create(
            room=room, starts_at=s, ends_at=e, booked_by=world["rep"], association=world["club"]
        )
        door, _ = services.door_create(room=room, name="Dør")
        if cancel:
            services.booking_cancel(booking=booking, cancelled_by=world["rep"])
        probe = s + timedelta(minutes=probe_min)
        cache.clear()
        opened, _reason = services.door_check(door=door, code=booking.door_code.code, at=probe)
        inside = s - timedelta(minutes=15) <= probe <= e + timedelta(minutes=15)
        assert opened == (inside and not cancel)
        transaction.set_rollback(True)


layout = st.tuples(
    st.integers(min_value=2, max_value=4),  # rooms that are units of their own
    # rooms made of others: each a set of earlier rooms (by index), so parts may nest
    st.lists(st.sets(st.integers(min_value=0, max_value=6), min_size=2, max_size=3), max_size=3),
    st.permutations(range(7)),  # the order in which people try to book the rooms
)


@PROPERTY
@given(plan=layout)
def test_a_code_opens_only_the_doors_of_the_units_its_booking_holds(world, plan):
    """Whatever rooms are linked, a code never opens a door to a unit its booking does not hold."""
    from django.core.cache import cache

    leaves_n, composites, order = plan
    with transaction.atomic():
        building = world["rooms"]["whole"].building
        rooms, units = [], []
        for i in range(leaves_n):
            rooms.append(RoomFactory(name=f"Rum {i}", building=building, lock_enabled=True))
            units.append({rooms[-1].pk})
        for j, parts in enumerate(composites):
            parts = sorted(p for p in parts if p < len(rooms))
            if len(parts) < 2:
                continue
            whole = RoomFactory(name=f"Samlet {j}", building=building, lock_enabled=True)
            whole.parts.set([rooms[p] for p in parts])
            rooms.append(whole)
            units.append(set().union(*(units[p] for p in parts)))
        s = at_local(next_weekday(3), time(10))
        booked = {}
        for i in order:
            if i >= len(rooms):
                continue
            try:
                booked[i] = club_booking(rooms[i], s, s + timedelta(hours=2))
            except services.BookingRefused:
                pass
        doors = [services.door_create(room=room, name="Dør")[0] for room in rooms]
        assert booked
        for i, booking in booked.items():
            for d, door in enumerate(doors):
                cache.clear()
                opened, _ = services.door_check(door=door, code=booking.door_code.code, at=s)
                assert opened == (units[d] <= units[i]), (rooms[i].name, rooms[d].name)
        transaction.set_rollback(True)


def test_hal_a_code_does_not_open_hal_b_while_both_halves_are_booked(world):
    rooms, s = world["rooms"], at_local(next_weekday(3), time(18))
    for room in rooms.values():
        room.lock_enabled = True
        room.save()
    bookings = {}
    for key in ("a", "b"):
        bookings[key] = club_booking(rooms[key], s, s + timedelta(hours=2))
    door_a, _ = services.door_create(room=rooms["a"], name="Hal A")
    door_b, _ = services.door_create(room=rooms["b"], name="Hal B")
    door_whole, _ = services.door_create(room=rooms["whole"], name="Hovedindgang")
    code_a = bookings["a"].door_code.code
    assert services.door_check(door=door_a, code=code_a, at=s)[0]
    assert services.door_check(door=door_b, code=code_a, at=s) == (False, "wrong_code")
    assert services.door_check(door=door_whole, code=code_a, at=s) == (False, "wrong_code")
