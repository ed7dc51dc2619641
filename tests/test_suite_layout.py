"""The suite runs every app's tests: a test module outside `testpaths` would never run in CI."""

import ast
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_test_module_lies_under_a_collected_path():
    testpaths = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"
    ]["testpaths"]
    tracked = subprocess.run(
        ["git", "ls-files", "*test_*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked, "git lists the test modules"
    outside = [path for path in tracked if path.split("/")[0] not in testpaths]
    assert not outside, f"never collected (add their app to testpaths): {outside}"


# --- the layout a newcomer relies on ---

LINE_LIMIT = 600
# community/ is the platform core: the other apps build on it, never the other way round. The access
# rules (which must know every app's models) and the demo loader (which fills every app) are the
# exceptions, and so are the mail choices every message respects (stored on volunteers'
# NotificationPreference); tests may build data of any app.
CORE_EXCEPTIONS = (
    "community/access/",
    "community/demo.py",
    "community/messaging/preferences.py",
    "community/messaging/tests/",
    "community/migrations/",
    "community/tests/",
)


def _tracked_python() -> list[str]:
    return subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()


def _local_apps() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/apps.py")}


def _imported_modules(path: Path) -> set[str]:
    """Every module this file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_core_imports_no_other_app_outside_the_access_rules_and_the_demo():
    others = _local_apps() - {"community"}
    assert {"bookings", "matching", "maps"} <= others
    offending = []
    for name in _tracked_python():
        if not name.startswith("community/") or name.startswith(CORE_EXCEPTIONS):
            continue
        for module in _imported_modules(ROOT / name):
            if module.split(".")[0] in others:
                offending.append(f"{name} imports {module}")
    assert not offending, offending


def test_the_import_walk_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from bookings.models import Room\n    import maps.api\n")
    assert _imported_modules(sample) == {"bookings.models", "maps.api"}


def test_no_module_passes_600_lines():
    too_long = {}
    for name in _tracked_python():
        if "/migrations/" in name:
            continue
        lines = (ROOT / name).read_text().count("\n")
        if lines > LINE_LIMIT:
            too_long[name] = lines
    assert not too_long, f"split these into a package or more modules: {too_long}"


def test_no_module_is_named_after_a_domain_grown_inside_another_app():
    grown = [n for n in _tracked_python() if n.endswith("_bookings.py") and "/migrations/" not in n]
    assert not grown, grown
