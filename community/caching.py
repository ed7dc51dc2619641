"""Versioned namespaces in the shared cache: values kept until what they were made from changes.

A namespace ("maps.facilities", "volunteers.figures") has a version token in the cache; every key
of the namespace carries it. A change bumps the token, so every value of the namespace is
forgotten at once in every web process, without finding and deleting keys one by one (Redis and
Django's cache API cannot delete by prefix). The old values simply expire.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")


def _version_key(name: str) -> str:
    return f"ns:{name}:version"


def _new_token() -> str:
    # A random token, not a counter: a version key evicted and made again must never meet the values
    # an earlier "1" or "2" left behind.
    return uuid.uuid4().hex[:12]


def namespace_version(name: str) -> str:
    """The namespace's current token; made on first use (add(), so two processes agree on one)."""
    return cache.get_or_set(_version_key(name), _new_token, None)


def namespace_bump(name: str) -> None:
    """Forget every value of the namespace, in every process that shares the cache."""
    cache.set(_version_key(name), _new_token(), None)


def namespace_key(name: str, key_parts: Iterable[object]) -> str:
    """The cache key of one value: namespace, its current version and the parts that identify it."""
    parts = ":".join(str(part) for part in key_parts)
    return f"ns:{name}:{namespace_version(name)}:{parts}"


def cached(name: str, key_parts: Iterable[object], compute: Callable[[], T], timeout: float) -> T:
    """The value for these key parts in the namespace, computed (and kept for timeout s) if missing."""
    return cache.get_or_set(namespace_key(name, key_parts), compute, timeout)
