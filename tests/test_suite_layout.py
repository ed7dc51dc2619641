"""The suite runs every app's tests: a test module outside `testpaths` would never run in CI."""

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
