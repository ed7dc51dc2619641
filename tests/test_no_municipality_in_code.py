"""The municipality is data: no municipality's name is written into the code or the templates."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".py", ".html", ".txt", ".js", ".css"}
SKIP_DIRS = {".venv", "node_modules", "tests", "locale", "data", "bench", "static_root", ".git"}
# The demo data is the Hedensted demo; it may name it.
SKIP_NAMES = {"demo.py", "demo_names.py", "demo_workspace.py", "load_demo.py", "conftest.py"}


def _sources():
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        if set(rel.parts[:-1]) & SKIP_DIRS or path.name in SKIP_NAMES:
            continue
        if "vendor" in rel.parts or path.name.endswith(".min.js"):
            continue
        yield rel, path


def test_no_page_mail_feed_or_map_names_hedensted_in_code():
    found = [
        f"{rel}:{n}"
        for rel, path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="ignore").splitlines(), 1)
        if "hedensted" in line.lower()
    ]
    assert found == [], "The municipality's name belongs in the Municipality row: " + ", ".join(
        found
    )
