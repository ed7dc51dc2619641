"""Worker start: the CPU time a new process spends importing the URL configuration.

Target (issue 17): at most 1.5 s of CPU for `get_resolver().url_patterns`, which imports every view.
Each round is a fresh interpreter (nothing cached in memory); medians of ROUNDS rounds. Printed side
by side: django.setup() alone, the URL configuration on top of it, and the first matching run's
engine import (scikit-learn, OR-Tools), which the URL configuration no longer pays for.

    uv run python bench/startup.py
"""

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5

PROBE = """
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
t0 = time.process_time()
import django
django.setup()
t1 = time.process_time()
from django.urls import get_resolver
get_resolver().url_patterns
t2 = time.process_time()
import matching.engine.candidates, matching.engine.scoring, matching.engine.solver
from sklearn.neighbors import BallTree
from sklearn.feature_extraction.text import TfidfVectorizer
from ortools.graph.python import min_cost_flow
t3 = time.process_time()
print(json.dumps({"setup": t1 - t0, "urls": t2 - t1, "engine": t3 - t2}))
"""


def main() -> None:
    rounds = []
    for _ in range(ROUNDS):
        out = subprocess.run(
            [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        rounds.append(json.loads(out.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
    print(f"CPU seconds, median of {ROUNDS} fresh processes")
    print(f"  django.setup()                 {med['setup']:6.2f} s")
    print(
        f"  URL configuration (all views)  {med['urls']:6.2f} s   target <= 1.5 s: "
        f"{'ok' if med['urls'] <= 1.5 else 'MISSED'}"
    )
    print(f"  matching engine, on first run  {med['engine']:6.2f} s   (not paid at start)")
    print(f"  ratio URLconf / setup          {med['urls'] / med['setup']:6.2f}")


if __name__ == "__main__":
    main()
