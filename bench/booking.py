"""Room search over a season at 100 and at 1,000 rooms: the search alone, and the whole page as a
person gets it (the view through Django's test Client, HTML included).

    uv run python bench/booking.py            # SQLite test database
    DATABASE_URL=postgres://... uv run python bench/booking.py
    uv run python bench/booking.py --side-by-side postgres://...   # both, one table

Each room gets three bookings a week through the season; the search asks for a weekly slot
(Tuesday 19-21) over 26 weeks, over the first building's 100 rooms and over all 1,000 rooms,
alternating so a busy machine slows both alike. Targets: the page at most 3x the time for 10x the
rooms (it is paged, and the per-date detail is worked out for the shown rooms only), and the same
HTML size.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
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


def populate(count: int, start, capacity: int = 20) -> None:
    from bookings.models import Booking, BookingSlot, Building, Room
    from bookings.services import at_local
    from community.models import User

    user = User.objects.first() or User.objects.create_user("bench@example.dk", "x")
    have = Room.objects.count()
    building = Building.objects.create(name=f"Bench {have}", street="Skolegade 1", postcode="8722")
    rooms = Room.objects.bulk_create(
        [
            Room(building=building, name=f"Lokale {have + i}", capacity=capacity)
            for i in range(count)
        ]
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
    from bookings.room_search import availability_search

    t0 = clock.perf_counter()
    results = availability_search(
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


def page_run(client, start, capacity: int) -> tuple[float, float, int]:
    """One room search page: wall ms, CPU ms and the HTML's size in bytes."""
    from django.urls import reverse

    query = {
        "mode": "weekly",
        "weekday": 1,
        "first_date": start.isoformat(),
        "last_date": (start + timedelta(weeks=WEEKS) - timedelta(days=1)).isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "capacity": capacity,
    }
    t0, c0 = clock.perf_counter(), clock.process_time()
    response = client.get(reverse("bookings:room-search"), query)
    elapsed = (clock.perf_counter() - t0) * 1000, (clock.process_time() - c0) * 1000
    assert response.status_code == 200 and b"lokaler passer" in response.content
    return *elapsed, len(response.content)


def page_medians(start) -> dict[str, tuple[float, float, int, int]]:
    """The page at 100 rooms (capacity 30 leaves only the big ones) and at 1,000, alternating."""
    from django.test import Client

    client = Client()
    page_run(client, start, 10)  # warm the template and translation caches
    runs: dict[str, list[tuple[float, float, int]]] = {"100": [], "1000": []}
    for _ in range(REPEATS):
        runs["100"].append(page_run(client, start, 30))
        runs["1000"].append(page_run(client, start, 10))
    from bookings.models import Room

    counts = {"100": Room.objects.filter(capacity__gte=30).count(), "1000": Room.objects.count()}
    return {
        key: (
            statistics.median(r[0] for r in rows),
            statistics.median(r[1] for r in rows),
            rows[-1][2],
            counts[key],
        )
        for key, rows in runs.items()
    }


def measure() -> dict:
    with throwaway_database():
        today = timezone.localdate()
        start = today + timedelta(days=7 - today.weekday())
        populate(100, start, capacity=40)
        populate(900, start)
        small, large = medians(start)
        pages = page_medians(start)
    return {"search": (small, large), "pages": pages}


def report(figures: dict) -> None:
    small, large = figures["search"]
    print(f"availability search, 100 rooms x {WEEKS} weeks: median {small:.1f} ms ({REPEATS} runs)")
    print(
        f"availability search, 1000 rooms x {WEEKS} weeks: median {large:.1f} ms ({REPEATS} runs)"
    )
    ratio = large / small
    print(
        f"10x the rooms -> {ratio:.1f}x the time "
        f"({'linear or better' if ratio <= 10.5 else 'WORSE than linear'})"
    )
    pages = figures["pages"]
    (s_ms, s_cpu, s_bytes, s_n), (l_ms, l_cpu, l_bytes, l_n) = pages["100"], pages["1000"]
    print(f"\nroom search page (view + HTML), weekly {WEEKS}-week pattern, {REPEATS} rounds:")
    print(f"{'':>22}{s_n:>10} rooms{l_n:>10} rooms{'ratio':>10}")
    print(f"{'median wall ms':>22}{s_ms:>16.1f}{l_ms:>16.1f}{l_ms / s_ms:>9.2f}x")
    print(f"{'median CPU ms':>22}{s_cpu:>16.1f}{l_cpu:>16.1f}{l_cpu / s_cpu:>9.2f}x")
    print(f"{'HTML bytes':>22}{s_bytes:>16,}{l_bytes:>16,}{l_bytes / s_bytes:>9.2f}x")
    print(f"target (time at most 3x, HTML the same size): {_verdict(pages)}")


def _verdict(pages) -> str:
    (_, s_cpu, s_bytes, _), (_, l_cpu, l_bytes, _) = pages["100"], pages["1000"]
    met = l_cpu / s_cpu <= 3 and abs(l_bytes - s_bytes) <= 0.05 * s_bytes
    return "met" if met else "MISSED"


def side_by_side(postgres_url: str) -> None:
    """The same run on SQLite and on PostgreSQL, each in its own process, printed side by side.
    On PostgreSQL the CPU column is the web process only: the database server works elsewhere."""
    runs = {}
    for name, url in (("SQLite", None), ("PostgreSQL", postgres_url)):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        if url:
            env["DATABASE_URL"] = url
        out = subprocess.run(
            [sys.executable, __file__, "--json"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs[name] = json.loads(out.strip().splitlines()[-1])
    print(f"room search page, weekly {WEEKS}-week pattern, medians of {REPEATS} alternating rounds")
    header = "".join(f"{f'{db} {n}':>18}" for db in runs for n in ("100", "1000", "ratio"))
    print(f"{'':>16}{header}")
    for label, i, fmt in (("wall ms", 0, ".1f"), ("CPU ms", 1, ".1f"), ("HTML bytes", 2, ",")):
        cells = ""
        for fig in runs.values():
            small, large = fig["pages"]["100"][i], fig["pages"]["1000"][i]
            cells += f"{small:>18{fmt}}{large:>18{fmt}}{large / small:>17.2f}x"
        print(f"{label:>16}{cells}")
    for db, fig in runs.items():
        small, large = fig["search"]
        print(f"{db}: unpaged search (API) {small:.1f} -> {large:.1f} ms, {large / small:.1f}x")
        print(f"{db}: target (page CPU at most 3x, HTML the same size): {_verdict(fig['pages'])}")


def main() -> None:
    if "--side-by-side" in sys.argv:
        after = sys.argv[sys.argv.index("--side-by-side") + 1 :]
        if not after or not after[0].startswith("postgres"):
            sys.exit("--side-by-side needs the PostgreSQL URL: --side-by-side postgres://...")
        side_by_side(after[0])
    elif "--json" in sys.argv:
        print(json.dumps(measure()))
    else:
        report(measure())


if __name__ == "__main__":
    main()
