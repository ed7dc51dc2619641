"""Availability search over a season: median time for 100 rooms and for 1,000 rooms.

    uv run python bench/booking.py            # SQLite test database
    DATABASE_URL=postgres://... uv run python bench/booking.py

Each room gets three bookings a week through the season; the search asks for a weekly slot
(Tuesday 19-21) over 26 weeks, over the first building's 100 rooms and over all 1,000 rooms,
alternating so a busy machine slows both alike. The time should grow no more than linearly with the rooms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time as clock
from datetime import time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from bench.testdb import throwaway_database  # noqa: E402

REPEATS = 11
WEEKS = 26


def populate(count: int, start) -> None:
    from bookings.models import Booking, BookingSlot, Building, Room
    from bookings.services import at_local
    from community.models import User

    user = User.objects.first() or User.objects.create_user("bench@example.dk", "x")
    have = Room.objects.count()
    building = Building.objects.create(name=f"Bench {have}", street="Skolegade 1", postcode="8722")
    rooms = Room.objects.bulk_create(
        [Room(building=building, name=f"Lokale {have + i}", capacity=20) for i in range(count)]
    )
    bookings = []
    for n, room in enumerate(rooms):
        for week in range(WEEKS):
            for day, hour in ((0, 18), (1, 17 + n % 4), (3, 10)):
                s = at_local(start + timedelta(weeks=week, days=day), time(hour))
                bookings.append(
                    Booking(
                        room=room,
                        booked_by=user,
                        starts_at=s,
                        ends_at=s + timedelta(hours=2),
                        status="confirmed",
                    )
                )
    Booking.objects.bulk_create(bookings, batch_size=2000)
    BookingSlot.objects.bulk_create(
        [
            BookingSlot(booking=b, unit_id=b.room_id, starts_at=b.starts_at, ends_at=b.ends_at)
            for b in bookings
        ],
        batch_size=2000,
    )


def search_ms(rooms, start) -> float:
    from bookings import selectors

    t0 = clock.perf_counter()
    results = selectors.availability_search(
        rooms,
        weekday=1,
        first_date=start,
        last_date=start + timedelta(weeks=WEEKS) - timedelta(days=1),
        start_time=time(19),
        end_time=time(21),
    )
    elapsed = (clock.perf_counter() - t0) * 1000
    assert results
    return elapsed


def medians(start) -> tuple[float, float]:
    """Small and large searches alternate, so a busy machine slows both alike."""
    from bookings import selectors

    first_building = selectors.rooms_matching(capacity=10).order_by("pk").first().building_id
    small, large = [], []
    for _ in range(REPEATS):
        small.append(
            search_ms(
                selectors.rooms_matching(capacity=10).filter(building_id=first_building), start
            )
        )
        large.append(search_ms(selectors.rooms_matching(capacity=10), start))
    return statistics.median(small), statistics.median(large)


def main() -> None:
    with throwaway_database():
        today = timezone.localdate()
        start = today + timedelta(days=7 - today.weekday())
        populate(100, start)
        populate(900, start)
        small, large = medians(start)
        print(
            f"availability search, 100 rooms x {WEEKS} weeks: median {small:.1f} ms ({REPEATS} runs)"
        )
        print(
            f"availability search, 1000 rooms x {WEEKS} weeks: median {large:.1f} ms ({REPEATS} runs)"
        )
        ratio = large / small
        print(
            f"10x the rooms -> {ratio:.1f}x the time "
            f"({'linear or better' if ratio <= 10.5 else 'WORSE than linear'})"
        )


if __name__ == "__main__":
    main()
