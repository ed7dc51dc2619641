"""Counting events in a window, in the shared cache: wrong door codes, wrong lock secrets, reports.

The window runs from the first event, so waiting it out resets the count. In production the cache
is Redis (settings refuse to start without it), so every web process counts together.
"""

from __future__ import annotations

import math

from django.core.cache import cache
from django.utils import timezone


def count(key: str) -> int:
    return cache.get(key, 0)


def record(key: str, window_s: int) -> int:
    """Count one event; returns the count in the current window."""
    if cache.add(key, 1, window_s):
        cache.set(f"{key}:since", timezone.now().timestamp(), window_s)
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        # Expired between add() and incr(): this event opens a new window.
        cache.set(key, 1, window_s)
        cache.set(f"{key}:since", timezone.now().timestamp(), window_s)
        return 1


def retry_after_s(key: str, window_s: int) -> int:
    """Seconds until the window of this key has passed."""
    since = cache.get(f"{key}:since")
    if since is None:
        return window_s
    return max(1, math.ceil(since + window_s - timezone.now().timestamp()))
