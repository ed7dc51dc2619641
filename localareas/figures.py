"""The public figures of the area pages, the area list, the involvement index and participation, kept in
the shared cache under a data version.

Each of these pages counts whole tables (every volunteer, need, match, booking and hearing answer of the
municipality). The counts are kept until anything they count changes (forget_figures, connected in
apps.py to every save and delete of those rows, and called by bulk paths through the rows they save
last) or FIGURES_TTL_S pass, so a page is never behind a change and a repeat visit costs a few cache
reads at any size. Facilities and problem reports are counted too: their own namespace (maps, bumped
by every facility save, sync and report) is part of each key, so the maps module needs no hook here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection, transaction

from community.caching import cached, namespace_bump, namespace_version

T = TypeVar("T")

FIGURES_TTL_S = 300
FIGURES_NAMESPACE = "localareas.figures"
# maps.selectors.DATA_NAMESPACE, named here so reading a figure does not import the maps module.
FACILITIES_NAMESPACE = "maps.facilities"


def _bump() -> None:
    namespace_bump(FIGURES_NAMESPACE)


def forget_figures(**_kwargs) -> None:
    """Make every area figure count again: now, and once more when the transaction commits, so a page
    read between the two (which still sees the old rows) cannot keep its old figures for the TTL."""
    _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)


def cached_figures(key_parts: Iterable[object], compute: Callable[[], T]) -> T:
    """The figures for these key parts, counted by compute() when the data changed or the TTL passed."""
    version = namespace_version(FACILITIES_NAMESPACE)
    return cached(FIGURES_NAMESPACE, [*key_parts, version], compute, FIGURES_TTL_S)
