"""A real Celery worker for tests: `python -m tests.worker <celery worker options>`.

With SAMSKAB_TEST_HOLD_AT=<stage> (candidates, scoring or solving) a matching run waits at the start
of that stage until the file named by SAMSKAB_TEST_RELEASE exists, so a test can watch the run's
page at that stage, or kill the worker there. Without the file the run waits until the worker dies.
"""

import os
import sys
import time
from pathlib import Path

HOLD_AT = {
    "candidates": "find_candidates",
    "scoring": "score_candidates",
    "solving": "solve",
}


def _hold(name: str, release: Path) -> None:
    import matching.services.runs as runs

    original = getattr(runs, name)

    def held(*args, **kwargs):
        while not release.exists():
            time.sleep(0.05)
        return original(*args, **kwargs)

    setattr(runs, name, held)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
    import django

    django.setup()
    stage = os.environ.get("SAMSKAB_TEST_HOLD_AT")
    if stage:
        _hold(HOLD_AT[stage], Path(os.environ.get("SAMSKAB_TEST_RELEASE", "/nonexistent")))
    from community.celery import app

    app.worker_main(["worker", *sys.argv[1:]])


if __name__ == "__main__":
    main()
