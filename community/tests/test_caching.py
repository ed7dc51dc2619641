"""community/caching.py: values kept per namespace until the namespace is bumped."""

import time

from django.core.cache import cache

from community.caching import cached, namespace_bump, namespace_key, namespace_version


class Counter:
    """A computation that counts how often it ran."""

    def __init__(self, value="figures"):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return f"{self.value} #{self.calls}"


def test_a_value_is_computed_once_and_then_read_from_the_cache():
    compute = Counter()
    assert cached("dashboards", [7, "2027-01-12"], compute, 60) == "figures #1"
    assert cached("dashboards", [7, "2027-01-12"], compute, 60) == "figures #1"
    assert compute.calls == 1


def test_other_key_parts_are_other_values():
    compute = Counter()
    cached("dashboards", [7, "2027-01-12"], compute, 60)
    assert cached("dashboards", [8, "2027-01-12"], compute, 60) == "figures #2"


def test_a_bump_makes_the_next_read_recompute():
    compute = Counter()
    cached("dashboards", [7], compute, 60)
    namespace_bump("dashboards")
    assert cached("dashboards", [7], compute, 60) == "figures #2"
    assert cached("dashboards", [7], compute, 60) == "figures #2"


def test_a_bump_forgets_only_its_own_namespace():
    maps, figures = Counter("map"), Counter("figures")
    cached("maps", ["all"], maps, 60)
    cached("figures", ["all"], figures, 60)
    namespace_bump("figures")
    assert cached("maps", ["all"], maps, 60) == "map #1"
    assert cached("figures", ["all"], figures, 60) == "figures #2"


def test_the_same_key_parts_in_two_namespaces_are_two_values():
    assert namespace_key("maps", ["all"]) != namespace_key("figures", ["all"])
    cached("maps", ["all"], Counter("map"), 60)
    assert cached("figures", ["all"], Counter("figures"), 60) == "figures #1"


def test_the_version_changes_on_a_bump_and_after_the_cache_is_cleared():
    first = namespace_version("areas")
    assert namespace_version("areas") == first
    namespace_bump("areas")
    second = namespace_version("areas")
    assert second != first
    cache.clear()
    assert namespace_version("areas") not in {first, second}


def test_a_value_expires_after_its_timeout():
    compute = Counter()
    cached("short", ["x"], compute, 0.001)
    time.sleep(0.01)
    assert cached("short", ["x"], compute, 60) == "figures #2"
