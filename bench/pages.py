"""The public and staff pages at the demo size and at 10x the data: server time, queries, requests/s.

    uv run python bench/pages.py                                  # its own throwaway SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samskab uv run python bench/pages.py
    BENCH_REDIS_URL=redis://127.0.0.1:6379/6 uv run python bench/pages.py   # cache in Redis

1. The demo data (`load_demo`), then every counted table grown to ten times (volunteers and their hours,
   needs, proposals and matches, buildings, rooms and their bookings, hearing answers, facilities).
   For home, the coordinator's dashboard, an area page, the involvement index, participation, the room
   search (a 26-week weekly pattern), the map and the embed: the median server time (test client:
   middleware, session, rendering) and the queries, warm (figures from the cache, as on the next
   visit) and cold (the figures' namespaces forgotten before every request, as right after a change).
   The demo database and its grown copy sit side by side and the sizes alternate, ROUNDS_SIZES
   rounds of each (the cache emptied and garbage collected at every switch), so a machine that slows
   down during the run slows both sizes alike and neither pays for the other's garbage.
   Target: the same queries at both sizes, at most 1.5x the time.
2. At 10x: requests per second of the area page and the dashboard under gunicorn (several workers on a
   loopback port) against a static file of the very same bytes served by the same gunicorn (WhiteNoise).
   Target: at least 0.2 of the static file's rate.

On PostgreSQL it makes and drops its own test databases (test_<name> and its grown copy); on SQLite
two temporary files.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time as clock
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="samskab-bench-pages-"))
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
if os.environ.get("BENCH_REDIS_URL"):
    os.environ["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
os.environ["MAP_TILES_ENABLED"] = "false"
os.environ["DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

REPEATS = 9  # requests per page, state and round
ROUNDS_SIZES = 3  # alternating rounds of the two sizes
GROW = 10
PORT = int(os.environ.get("BENCH_PORT", "8161"))
WORKERS = 4
THREADS = 4
REQUESTS = 150
ROUNDS = 5
# The namespaces the pages' figures are kept under (forgotten for a cold request).
FIGURE_NAMESPACES = ("localareas.figures", "volunteers.figures", "maps.facilities")


def forget_figures() -> None:
    from community.caching import namespace_bump

    for name in FIGURE_NAMESPACES:
        namespace_bump(name)


def _clone(model, rows, **changes) -> dict[tuple[int, int], int]:
    """GROW - 1 copies of rows with fresh primary keys; `changes` maps a field to f(row, copy_no).
    Returns (original pk, copy no) -> the copy's pk, for the rows that point at them."""
    copies, keys = [], []
    for k in range(1, GROW):
        for row in rows:
            copy = model(
                **{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            )
            copy.pk = None
            for field, make in changes.items():
                setattr(copy, field, make(row, k))
            copies.append(copy)
            keys.append((row.pk, k))
    made = model.objects.bulk_create(copies, batch_size=2000)
    return {key: copy.pk for key, copy in zip(keys, made, strict=True)}


def grow() -> dict[str, tuple[int, int]]:
    """Every counted table to GROW times its demo size (bulk: no signals, as an import would)."""
    from bench.dashboard import populate
    from bookings.models import Booking, BookingSlot, Building, Room
    from hearings.models import Response
    from maps.importers import FacilityRecord
    from maps.models import Facility
    from maps.services import facilities_sync
    from matching.models import Match, Need, Proposal
    from volunteers.models import Volunteer

    before = {
        "volunteers": Volunteer.objects.count(),
        "needs": Need.objects.count(),
        "matches": Match.objects.count(),
        "rooms": Room.objects.count(),
        "bookings": Booking.objects.count(),
        "answers": Response.objects.count(),
        "facilities": Facility.objects.count(),
    }
    rng = random.Random(17)
    populate(before["volunteers"] * (GROW - 1), rng, 100_000)

    need_map = _clone(Need, list(Need.objects.all()))
    proposal_map = _clone(
        Proposal,
        list(Proposal.objects.all()),
        need_id=lambda row, k: need_map[(row.need_id, k)],
    )
    _clone(
        Match,
        list(Match.objects.all()),
        need_id=lambda row, k: need_map[(row.need_id, k)],
        proposal_id=lambda row, k: proposal_map.get((row.proposal_id, k)),
    )

    building_map = _clone(
        Building, list(Building.objects.all()), name=lambda row, k: f"{row.name} ({k + 1})"
    )
    room_map = _clone(
        Room,
        list(Room.objects.all()),
        building_id=lambda row, k: building_map[(row.building_id, k)],
        feed_token=lambda row, k: f"{row.feed_token[:30]}-{k}",
    )
    bookings = list(Booking.objects.prefetch_related("slots"))
    booking_map = _clone(
        Booking,
        bookings,
        room_id=lambda row, k: room_map[(row.room_id, k)],
        series_id=lambda row, k: None,
    )
    BookingSlot.objects.bulk_create(
        [
            BookingSlot(
                booking_id=booking_map[(b.pk, k)],
                unit_id=room_map[(slot.unit_id, k)],
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
            )
            for b in bookings
            for slot in b.slots.all()
            for k in range(1, GROW)
        ],
        batch_size=2000,
    )

    # Answers: the same hearings, more people (no account, a key of their own each).
    _clone(
        Response,
        list(Response.objects.all()),
        user_id=lambda row, k: None,
        respondent_key=lambda row, k: f"bench-{k}-{row.pk}",
    )

    # Facilities through the sync (as an import would write them), near the demo ones.
    records = []
    for k in range(1, GROW):
        for f in Facility.objects.select_related("layer").filter(retired_at__isnull=True):
            lon, lat = f.lon + rng.uniform(-0.004, 0.004), f.lat + rng.uniform(-0.004, 0.004)
            records.append(
                FacilityRecord(
                    external_id=f"{k}-{f.pk}",
                    name=f"{f.name} {k}",
                    layer=f.layer.slug,
                    geometry={"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                )
            )
    facilities_sync(records=records, source="bench-pages")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    after = {
        "volunteers": Volunteer.objects.count(),
        "needs": Need.objects.count(),
        "matches": Match.objects.count(),
        "rooms": Room.objects.count(),
        "bookings": Booking.objects.count(),
        "answers": Response.objects.count(),
        "facilities": Facility.objects.count(),
    }
    return {name: (before[name], after[name]) for name in before}


def pages(area_slug: str, start: date) -> dict[str, tuple[str, dict]]:
    from django.urls import reverse

    weeks = 26
    return {
        "home": (reverse("community:home"), {}),
        "dashboard": (reverse("volunteers:dashboard"), {}),
        "area page": (reverse("localareas:area-detail", args=[area_slug]), {}),
        "index": (reverse("localareas:involvement"), {}),
        "participation": (reverse("hearings:participation"), {}),
        "room search": (
            reverse("bookings:room-search"),
            {
                "mode": "weekly",
                "weekday": 1,
                "first_date": start.isoformat(),
                "last_date": (start + timedelta(weeks=weeks, days=-1)).isoformat(),
                "start_time": "19:00",
                "end_time": "21:00",
                "capacity": 10,
            },
        ),
        "map": (reverse("maps:map"), {}),
        "embed": (reverse("maps:embed"), {}),
    }


def measure(client, url: str, query: dict, *, cold: bool) -> tuple[list, list, int]:
    """Server times and CPU times (ms) of REPEATS requests, and the queries of one more."""
    forget_figures()
    assert client.get(url, query).status_code == 200, url
    walls, cpus = [], []
    for _ in range(REPEATS):
        if cold:
            forget_figures()
        t0, c0 = clock.perf_counter(), clock.process_time()
        response = client.get(url, query)
        walls.append((clock.perf_counter() - t0) * 1000)
        cpus.append((clock.process_time() - c0) * 1000)
        assert response.status_code == 200, url
    if cold:
        forget_figures()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, query)
    return walls, cpus, len(queries.captured_queries)


def measure_all(clients, urls, samples: dict, size: str) -> None:
    """Adds this round's samples of every page, warm and cold, to samples[(size, name, cold)]."""
    for name, (url, query) in urls.items():
        for cold in (False, True):
            walls, cpus, queries = measure(clients[name], url, query, cold=cold)
            kept = samples.setdefault((size, name, cold), ([], [], set()))
            kept[0].extend(walls)
            kept[1].extend(cpus)
            kept[2].add(queries)


def medians(samples: dict, size: str, name: str, cold: bool) -> tuple[float, float, int]:
    walls, cpus, queries = samples[(size, name, cold)]
    # A page whose query count differs between rounds shows the largest (and so misses the target).
    return statistics.median(walls), statistics.median(cpus), max(queries)


def rate(url: str, cookie: str | None) -> float:
    """Requests per second over REQUESTS requests from THREADS concurrent clients."""
    counter = iter(range(REQUESTS))
    lock = threading.Lock()
    headers = {"Cookie": cookie} if cookie else {}

    def work():
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
                answer.read()

    t0 = clock.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return REQUESTS / (clock.perf_counter() - t0)


def served_rates(targets: dict[str, tuple[str, bytes, str | None]]) -> dict[str, tuple]:
    """name -> (page req/s, static req/s, bytes): gunicorn serves the page and, by WhiteNoise, a file
    of its bytes; rounds alternate so a busy machine slows both alike, the best round of each counts."""
    from django.conf import settings

    static_dir = Path(settings.STATIC_ROOT) / "bench-pages"
    static_dir.mkdir(parents=True, exist_ok=True)
    for name, (_url, body, _cookie) in targets.items():
        (static_dir / f"{name.replace(' ', '-')}.html").write_bytes(body)
    env = os.environ | {"DATABASE_URL": database_url(), "DEBUG": "false"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "community.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{PORT}"
    first = next(iter(targets)).replace(" ", "-")
    out = {}
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/static/bench-pages/{first}.html").read()
                break
            except OSError:
                clock.sleep(0.2)
        for name, (url, body, cookie) in targets.items():
            static = f"{base}/static/bench-pages/{name.replace(' ', '-')}.html"
            with urllib.request.urlopen(
                urllib.request.Request(base + url, headers={"Cookie": cookie} if cookie else {})
            ) as answer:
                served = answer.read()
            assert answer.status == 200 and b"<h1" in served, name
            for _ in range(3 * WORKERS):  # every worker warm (imports, first figures)
                request = urllib.request.Request(
                    base + url, headers={"Cookie": cookie} if cookie else {}
                )
                urllib.request.urlopen(request).read()
            page_rates, static_rates = [], []
            for _ in range(ROUNDS):
                page_rates.append(rate(base + url, cookie))
                static_rates.append(rate(static, None))
            out[name] = (max(page_rates), max(static_rates), len(served), len(body))
    finally:
        server.terminate()
        server.wait(20)
        shutil.rmtree(static_dir, ignore_errors=True)
    return out


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"]
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        return f"postgres://{user}{password}@{host}:{port or 5432}/{settings['NAME']}"
    return f"sqlite:///{settings['NAME']}"


def staff_client(user):
    """A test client logged in as a coordinator whose session passed the second factor."""
    from django.test import Client

    client = Client()
    _log_in(client, user)
    return client


def _log_in(client, user) -> None:
    from community import mfa

    client.force_login(user)
    session = client.session
    mfa.mark_passed(session, user)
    session.save()


def main() -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.test import Client

    from bench.testdb import throwaway_database
    from community.models import CoreTask, Role, User
    from localareas.models import LocalArea

    with throwaway_database() if connection.vendor == "postgresql" else _sqlite_file():
        t0 = clock.perf_counter()
        call_command("load_demo", "--quiet-logins", stdout=StringIO())
        load_s = clock.perf_counter() - t0
        coordinator = User.objects.create_user("bench-koordinator@example.dk", "x")
        Role.objects.create(
            user=coordinator,
            kind=Role.Kind.COORDINATOR,
            core_task=CoreTask.objects.get(slug="social-omsorg"),
        )
        staff = staff_client(coordinator)
        anonymous = Client()
        area = LocalArea.objects.order_by("-population").first()
        start = timezone.localdate() + timedelta(days=14)
        urls = pages(area.slug, start)
        clients = {name: staff if name == "dashboard" else anonymous for name in urls}
        # Both sizes are planned with statistics (grow() analyses the copy).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        demo_name = connection.settings_dict["NAME"]
        with grown_copy(demo_name) as large_name:
            t0 = clock.perf_counter()
            sizes = grow()
            grow_s = clock.perf_counter() - t0
            databases = {"demo": demo_name, "10x": large_name}
            samples: dict = {}
            for round_no in range(ROUNDS_SIZES):
                order = ("demo", "10x") if round_no % 2 == 0 else ("10x", "demo")
                for size in order:
                    use_database(databases[size], staff, coordinator)
                    measure_all(clients, urls, samples, size)
            small = {(n, c): medians(samples, "demo", n, c) for n in urls for c in (False, True)}
            large = {(n, c): medians(samples, "10x", n, c) for n in urls for c in (False, True)}
            use_database(large_name, staff, coordinator)

            session_cookie = f"sessionid={staff.cookies['sessionid'].value}"
            targets = {}
            for name in ("area page", "dashboard"):
                url, _query = urls[name]
                body = clients[name].get(url).content
                targets[name] = (url, body, session_cookie if name == "dashboard" else None)
            load_avg = os.getloadavg()[0]
            rates = served_rates(targets)

    print(
        f"Data ({connection.vendor}): demo loaded in {load_s:.0f} s, grown to {GROW}x in {grow_s:.0f} s"
    )
    for name, (a, b) in sizes.items():
        print(f"  {name:11s} {a:7,d} -> {b:8,d}")
    print(
        f"\nMedian of {REPEATS * ROUNDS_SIZES} requests ({ROUNDS_SIZES} alternating rounds of "
        f"{REPEATS}; demo -> {GROW}x): server time (wall), its CPU time in this "
        "process (the figure that holds on a busy machine; SQLite runs in-process, PostgreSQL and "
        "Redis do not), and queries:"
    )
    print(
        f"  {'page':14s} {'':5s} {'wall demo':>9s} {'10x':>8s} {'ratio':>6s}   "
        f"{'CPU demo':>8s} {'10x':>8s} {'ratio':>6s}  queries"
    )
    missed = []
    for name in urls:
        for cold in (False, True):
            (s_ms, s_cpu, s_q), (l_ms, l_cpu, l_q) = small[(name, cold)], large[(name, cold)]
            state = "cold" if cold else "warm"
            cpu_ratio = l_cpu / s_cpu if s_cpu else float("nan")
            flag = "" if cpu_ratio <= 1.5 and s_q == l_q else "  <- over target"
            if flag:
                missed.append(f"{name} ({state})")
            print(
                f"  {name:14s} {state:5s} {s_ms:7.1f}ms {l_ms:6.1f}ms {l_ms / s_ms:5.2f}x   "
                f"{s_cpu:6.1f}ms {l_cpu:6.1f}ms {cpu_ratio:5.2f}x  {s_q:3d} -> {l_q:3d}{flag}"
            )
    print("  target: the same queries, CPU at most 1.5x; over it: " + (", ".join(missed) or "none"))
    print(
        f"\nRequests/s under gunicorn ({WORKERS} sync workers, {THREADS} concurrent clients, best of "
        f"{ROUNDS} alternating rounds of {REQUESTS}; load average before {load_avg:.1f} on "
        f"{os.cpu_count()} CPUs), at {GROW}x, against a static file of the same bytes:"
    )
    for name, (page_rps, static_rps, _served, size) in rates.items():
        ratio = page_rps / static_rps
        print(
            f"  {name:10s} {page_rps:6.0f} req/s  static {static_rps:6.0f} req/s  ratio {ratio:.3f} "
            f"({size / 1024:.0f} KB; target >= 0.2: {'ok' if ratio >= 0.2 else 'MISSED'})"
        )


def use_database(name: str, staff, coordinator) -> None:
    """This process's connection to the database `name`, with an empty cache (the figures, kept pages
    and versions are the other database's) and the garbage of the last round collected."""
    from django.core.cache import cache

    _connect_to(name)
    cache.clear()
    gc.collect()
    # The coordinator's session again (a session kept in the cache went with it).
    _log_in(staff, coordinator)


def _connect_to(name: str) -> None:
    """The next query of this process goes to the database `name` (closed now, opened on use)."""
    from django.conf import settings

    connection.close()
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = name


class grown_copy:
    """A copy of the demo database, to grow, beside it; this process uses the copy on entry, and the
    copy is dropped on exit."""

    def __init__(self, demo_name: str):
        self.demo_name = demo_name
        self.postgres = connection.vendor == "postgresql"
        self.name = f"{demo_name}_grown" if self.postgres else str(TMP / "grown.sqlite3")

    def _admin(self, sql: str) -> None:
        import psycopg

        settings = connection.settings_dict
        with psycopg.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            autocommit=True,
        ) as admin:
            admin.execute(sql)

    def __enter__(self) -> str:
        connection.close()
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.demo_name}"')
        else:
            shutil.copyfile(self.demo_name, self.name)
        _connect_to(self.name)
        return self.name

    def __exit__(self, *exc):
        _connect_to(self.demo_name)
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')


class _sqlite_file:
    """The SQLite file of this run: migrated on entry, removed on exit."""

    def __enter__(self):
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return self

    def __exit__(self, *exc):
        connection.close()
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
