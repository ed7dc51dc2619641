"""What running an admin import in the background costs, against the same import called directly.

    uv run python bench/imports.py

The real 1,648-site Denmark GPX into an empty source (each round deletes what the last one made):
called directly (`facilities_import_file`, as the admin's apply did inside the request), and through
the job (`facilities_import_queue`: staged file, job row, embedded task thread, progress in the
cache), timed from the click's service call until the job page would read "done". Rounds alternate;
the median of each is printed side by side. Its own throwaway SQLite database; no Redis needed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="samskab-bench-imports-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
os.environ["CELERY_BROKER_URL"] = ""
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

GPX = Path("/work/shared/data/osm-campsites-dk/denmark-campsites.gpx")
if not GPX.exists():
    GPX = ROOT / "maps/data/denmark-campsites.gpx"
ROUNDS = 5


def main() -> None:
    from community.imports import import_run_progress
    from community.models import ImportRun
    from community.tasks import wait_for_embedded_tasks
    from localareas.services import local_areas_import
    from maps.models import Facility
    from maps.services import facilities_import_file, facilities_import_queue, layers_seed

    settings.MEDIA_ROOT = TMP / "media"
    staging = TMP / "media" / "maps-imports"
    staging.mkdir(parents=True)
    call_command("migrate", verbosity=0)
    local_areas_import(path=ROOT / "localareas/data/sogne_hedensted.geojson", source="bench")
    layers_seed()

    direct, queued, polls = [], [], []
    created = 0
    for i in range(ROUNDS):
        t0 = time.perf_counter()
        report = facilities_import_file(path=GPX, source="bench-gpx", retire_missing=False)
        direct.append(time.perf_counter() - t0)
        created = report.created
        Facility.objects.filter(source="bench-gpx").delete()

        staged = staging / f"{i:032x}.gpx"
        shutil.copy(GPX, staged)
        t0 = time.perf_counter()
        run = facilities_import_queue(staged=staged, file_name=GPX.name, source="bench-gpx")
        seen = 0
        while True:
            run.refresh_from_db()
            import_run_progress(run)  # what each poll of the job page reads
            seen += 1
            if not run.active:
                break
            time.sleep(0.05)
        queued.append(time.perf_counter() - t0)
        polls.append(seen)
        wait_for_embedded_tasks()
        assert run.state == ImportRun.State.DONE, run.error
        assert run.counts["created"] == created
        Facility.objects.filter(source="bench-gpx").delete()

    shutil.rmtree(TMP, ignore_errors=True)
    d, q = statistics.median(direct), statistics.median(queued)
    print(f"Denmark GPX, {created} sites created, median of {ROUNDS} alternating rounds:")
    print(f"  direct (inside the request, as before): {d:.2f} s")
    print(
        f"  through the job (queue, thread, progress, done seen by 50 ms polling): {q:.2f} s "
        f"(+{q - d:.2f} s, ratio {q / d:.2f}; {statistics.median(polls):.0f} polls)"
    )
    print(f"  all rounds direct: {', '.join(f'{x:.2f}' for x in direct)}")
    print(f"  all rounds queued: {', '.join(f'{x:.2f}' for x in queued)}")


if __name__ == "__main__":
    main()
