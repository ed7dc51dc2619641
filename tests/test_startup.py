"""A new worker answers its first request quickly: the URL configuration imports no heavy library.

scikit-learn, pandas, scipy, OR-Tools, folium, geopandas and networkx cost seconds of CPU to import;
the modules that use them import them when a matching run, a map or an import needs them.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ["sklearn", "pandas", "scipy", "ortools", "folium", "geopandas", "networkx", "pyogrio"]

PROBE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # imports every view module
print(",".join(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1].split(",")))))
"""


def test_loading_the_url_configuration_imports_no_heavy_library():
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "", f"the URLconf imports {result.stdout.strip()}"
