"""Real threads with their own database connections racing for rooms (PostgreSQL: row locks and the
exclusion constraint; SQLite serialises writers and cannot show the race)."""

from datetime import time, timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from bookings.models import Booking, BookingSlot
from bookings.services import at_local
from bookings.tests.conftest import next_weekday
from community.tests.factories import AssociationFactory, RoomFactory, association_rep
from community.tests.threads import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def overlapping_slot_pairs() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM community_bookingslot a JOIN community_bookingslot b
               ON a.unit_id = b.unit_id AND a.id < b.id
               AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"""
        )
        return cursor.fetchone()[0]


def test_fifty_concurrent_requests_for_one_slot_give_one_booking_and_49_clear_conflicts():
    club = AssociationFactory()
    rep = association_rep(club)
    room = RoomFactory(lock_enabled=True)
    day = next_weekday(2)
    body = {
        "room": room.pk,
        "association": club.pk,
        "starts_at": at_local(day, time(19)).isoformat(),
        "ends_at": at_local(day, time(21)).isoformat(),
    }

    def request():
        client = APIClient()
        client.force_authenticate(rep)
        response = client.post("/api/bookings/", body, format="json")
        return response.status_code, response.json()

    results = run_in_threads([request] * 50, workers=50)
    codes = sorted(code for code, _ in results)
    assert codes.count(201) == 1
    assert codes.count(409) == 49
    assert all("booket" in body["detail"] for code, body in results if code == 409)
    assert Booking.objects.filter(status="confirmed").count() == 1
    assert overlapping_slot_pairs() == 0


def test_two_hundred_different_bookings_from_eight_threads_all_land():
    club = AssociationFactory()
    rep = association_rep(club)
    hall = RoomFactory(name="Hele hallen")
    halves = [RoomFactory(name=f"Hal {n}", building=hall.building) for n in "AB"]
    hall.parts.set(halves)
    rooms = [*halves, RoomFactory(), RoomFactory()]
    first = next_weekday(0)
    jobs = []
    for i in range(200):
        room = rooms[i % 4]
        day = first + timedelta(days=(i // 4) // 14)
        hour = 8 + (i // 4) % 14
        s = at_local(day, time(hour))

        def job(room=room, s=s):
            from bookings import services

            try:
                services.booking_create(
                    room=room,
                    starts_at=s,
                    ends_at=s + timedelta(hours=1),
                    booked_by=rep,
                    association=club,
                )
                return "ok"
            except services.BookingRefused as exc:
                return exc.message

        jobs.append(job)
    results = run_in_threads(jobs, workers=8)
    assert results.count("ok") == 200, [r for r in results if r != "ok"][:5]
    assert Booking.objects.count() == 200
    assert BookingSlot.objects.count() == 200
    assert overlapping_slot_pairs() == 0


def test_the_exclusion_constraint_refuses_an_overlap_that_skips_the_service():
    from django.db import IntegrityError, transaction

    club = AssociationFactory()
    rep = association_rep(club)
    room = RoomFactory()
    s = at_local(next_weekday(1), time(10))
    a = Booking.objects.create(
        room=room, booked_by=rep, starts_at=s, ends_at=s + timedelta(hours=2)
    )
    b = Booking.objects.create(
        room=room, booked_by=rep, starts_at=s, ends_at=s + timedelta(hours=2)
    )
    BookingSlot.objects.create(booking=a, unit=room, starts_at=a.starts_at, ends_at=a.ends_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingSlot.objects.create(
            booking=b, unit=room, starts_at=s + timedelta(hours=1), ends_at=s + timedelta(hours=3)
        )


def _race(make_booking, first, second, rounds=20):
    """Run two state changes of the same booking at the same moment, `rounds` times."""
    outcomes = []
    for _ in range(rounds):
        booking = make_booking()

        def job(change, booking_id=booking.pk):
            from bookings import services

            try:
                change(Booking.objects.select_related("room").get(pk=booking_id))
                return change.__name__, True
            except services.BookingRefused:
                return change.__name__, False

        results = run_in_threads([lambda: job(first), lambda: job(second)], workers=2)
        outcomes.append((Booking.objects.get(pk=booking.pk), dict(results)))
    return outcomes


def _consistent(booking: Booking) -> None:
    """What a booking holds matches its state: a cancelled booking holds no room and opens no door."""
    from bookings.models import DoorCode

    slots = list(BookingSlot.objects.filter(booking=booking))
    live_codes = DoorCode.objects.filter(booking=booking, revoked_at__isnull=True)
    if booking.status == Booking.Status.CONFIRMED:
        assert slots and all(s.starts_at == booking.starts_at for s in slots), booking
        assert live_codes.count() == 1
        assert live_codes.get().valid_from == booking.starts_at - timedelta(minutes=15)
    else:
        assert not slots, booking
        assert not live_codes.exists(), booking


@pytest.fixture
def approval_world(transactional_db):
    """A room that needs approval, its booker and an approver, and the three changes they race."""
    from bookings import services
    from community.tests.factories import administrator

    club = AssociationFactory()
    w = {
        "rep": association_rep(club),
        "approver": administrator(),
        "room": RoomFactory(lock_enabled=True, requires_approval=True),
        "n": 0,
    }

    def make():
        w["n"] += 1
        s = at_local(next_weekday(2) + timedelta(weeks=w["n"] % 20), time(10))
        return services.booking_create(
            room=w["room"],
            starts_at=s,
            ends_at=s + timedelta(hours=2),
            booked_by=w["rep"],
            association=club,
        )

    def make_confirmed():
        booking = make()
        services.booking_approve(booking=booking, decided_by=w["approver"])
        return booking

    def approve(b):
        services.booking_approve(booking=b, decided_by=w["approver"])

    def cancel(b):
        services.booking_cancel(booking=b, cancelled_by=w["rep"])

    def move(b):
        three_hours = timedelta(hours=3)
        services.booking_update(
            booking=b,
            starts_at=b.starts_at + three_hours,
            ends_at=b.ends_at + three_hours,
            changed_by=w["rep"],
        )

    w.update(make=make, make_confirmed=make_confirmed, approve=approve, cancel=cancel, move=move)
    return w


def test_approve_and_cancel_at_once_never_leave_a_cancelled_booking_holding_the_room(
    approval_world,
):
    w = approval_world
    for booking, told in _race(w["make"], w["approve"], w["cancel"]):
        _consistent(booking)
        assert told["cancel"], "the booker may always cancel her own future request"
        assert booking.status == Booking.Status.CANCELLED


def test_approve_and_move_at_once_leave_the_booking_held_at_its_new_time(approval_world):
    w = approval_world
    for booking, told in _race(w["make"], w["approve"], w["move"]):
        _consistent(booking)
        assert told["approve"] and told["move"]
        assert booking.status == Booking.Status.CONFIRMED
        assert at_local(booking.starts_at.date(), time(13)) == booking.starts_at


def test_cancel_and_move_at_once_never_revive_a_cancelled_booking(approval_world):
    w = approval_world
    for booking, told in _race(w["make_confirmed"], w["cancel"], w["move"]):
        _consistent(booking)
        assert told["cancel"] and booking.status == Booking.Status.CANCELLED
