"""The coordinators' dashboard at the demo size (1,500 volunteers) and at 10x (15,000): median server time.

    uv run python bench/dashboard.py            # SQLite test database
    DATABASE_URL=postgres://... uv run python bench/dashboard.py

Each volunteer has one or two core tasks, a local area, a status, a sign-up date in the last year; active
ones have logged hours and some have notes with reminders. The page is fetched through the test client
(middleware, session, template rendering included). The 10x median should be at most 1.5x the 1x median,
with the same number of queries. Printed twice: warm (the counts from the cache, as on a
coordinator's next visit) and cold (every count made again, as right after a change).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time as clock
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.testdb import throwaway_database  # noqa: E402

REPEATS = 15
ROOT = Path(__file__).resolve().parent.parent


def populate(count: int, rng: random.Random, offset: int) -> None:
    from community.models import CoreTask, User
    from localareas.models import LocalArea
    from volunteers.models import HoursEntry, Volunteer, VolunteerNote

    tasks = list(CoreTask.objects.values_list("pk", flat=True))
    areas = list(LocalArea.objects.values_list("pk", flat=True))
    now, today = timezone.now(), timezone.localdate()
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench{offset + i}@example.dk", first_name="Bench", last_name=str(offset + i)
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    statuses = ["applied", "talk", "approved", "active", "paused", "ended"]
    volunteers = Volunteer.objects.bulk_create(
        [
            Volunteer(
                user=u,
                status=rng.choices(statuses, weights=[5, 3, 5, 75, 7, 5])[0],
                local_area_id=rng.choice(areas),
                created_at=now - timedelta(days=rng.randint(0, 400)),
                child_certificate_checked_on=today - timedelta(days=rng.randint(0, 500))
                if rng.random() < 0.3
                else None,
            )
            for u in users
        ],
        batch_size=2000,
    )
    through = Volunteer.core_tasks.through
    through.objects.bulk_create(
        [
            through(volunteer_id=v.pk, coretask_id=t)
            for v in volunteers
            for t in rng.sample(tasks, rng.choice([1, 1, 2]))
        ],
        batch_size=5000,
    )
    hours, notes = [], []
    for v in volunteers:
        if v.status == "active":
            for _ in range(3):
                hours.append(
                    HoursEntry(
                        volunteer=v,
                        core_task_id=rng.choice(tasks),
                        local_area_id=v.local_area_id,
                        worked_on=today - timedelta(days=rng.randint(0, 360)),
                        duration_min=rng.choice([60, 90, 120, 180]),
                        status=rng.choice(["approved", "approved", "pending"]),
                    )
                )
        if rng.random() < 0.1:
            notes.append(
                VolunteerNote(
                    volunteer=v, text="Ring", remind_on=today - timedelta(days=rng.randint(-20, 20))
                )
            )
    HoursEntry.objects.bulk_create(hours, batch_size=5000)
    VolunteerNote.objects.bulk_create(notes, batch_size=5000)
    # Fresh planner statistics, as autovacuum would have after a real day of sign-ups.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, *, cold: bool) -> tuple[float, int]:
    """Median server time of the dashboard. Cold: the cached counts are forgotten before every request
    (as after any change); warm: they come from the cache, as on a coordinator's next visit."""
    from django.urls import reverse

    from volunteers.selectors import forget_figures

    url = reverse("volunteers:dashboard")
    forget_figures()  # the bench's bulk inserts send no signals
    client.get(url)
    times = []
    for _ in range(REPEATS):
        if cold:
            forget_figures()
        t0 = clock.perf_counter()
        response = client.get(url)
        times.append((clock.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    if cold:
        forget_figures()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    if os.environ.get("BENCH_VERBOSE"):
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]:
            print(f"  {q['time']}s {q['sql'][:300]}")
    return statistics.median(times), len(queries.captured_queries)


def main() -> None:
    with throwaway_database():
        from django.test import Client

        from community.core_tasks import ensure_core_tasks
        from community.models import CoreTask, Role, User
        from localareas.services import local_areas_import

        ensure_core_tasks(CoreTask)
        local_areas_import(path=ROOT / "localareas/data/sogne_hedensted.geojson", source="bench")
        coordinator = User.objects.create_user("koordinator@example.dk", "x")
        Role.objects.create(
            user=coordinator,
            kind=Role.Kind.COORDINATOR,
            core_task=CoreTask.objects.get(slug="social-omsorg"),
        )
        client = Client()
        client.force_login(coordinator)
        # Two-factor is enforced for staff by middleware; the bench measures the page, not the login.
        from django.conf import settings

        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMFA" not in m]
        rng = random.Random(5)
        populate(1500, rng, 0)
        small = {cold: measure(client, cold=cold) for cold in (False, True)}
        populate(13500, rng, 1500)
        large = {cold: measure(client, cold=cold) for cold in (False, True)}
        for cold, label in (
            (False, "warm (counts cached)"),
            (True, "cold (every count made again)"),
        ):
            (s_ms, s_q), (l_ms, l_q) = small[cold], large[cold]
            ratio = l_ms / s_ms
            verdict = "within 1.5x" if ratio <= 1.5 else "MORE than 1.5x"
            print(
                f"{label}: 1,500 volunteers {s_ms:.1f} ms / {s_q} queries; 15,000 volunteers "
                f"{l_ms:.1f} ms / {l_q} queries -> {ratio:.2f}x ({verdict}) ({REPEATS} runs each)"
            )


if __name__ == "__main__":
    main()
