"""Real threads with their own database connections racing for rooms (PostgreSQL: row locks and the
exclusion constraint; SQLite serialises writers and cannot show the race)."""

import threading
from datetime import time, timedelta

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from community.models import Booking, BookingSlot
from community.services import at_local
from community.tests.conftest import next_weekday
from community.tests.factories import AssociationFactory, RoomFactory, association_rep

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(jobs, workers):
    """Run the callables on `workers` threads released together; each thread closes its connection."""
    results, lock = [], threading.Lock()
    barrier = threading.Barrier(workers)
    chunks = [jobs[i::workers] for i in range(workers)]

    def worker(chunk):
        try:
            barrier.wait()
            for job in chunk:
                outcome = job()
                with lock:
                    results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


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
            from community import services

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
