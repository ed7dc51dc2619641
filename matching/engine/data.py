"""Plain-data inputs of the engine, and weekly availability as bit masks (7 days x 48 half-hours)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SLOTS_PER_DAY = 48
WEEK_SLOTS = 7 * SLOTS_PER_DAY
KINDS = ["visiting_friend", "meal_buddy", "shared_meal", "mentor", "room"]
KIND_BIT = {k: 1 << i for i, k in enumerate(KINDS)}


@dataclass
class NeedData:
    id: int
    lat: float
    lon: float
    kind: str
    task: int = 0
    languages: tuple[str, ...] = ()
    slots: list[tuple[int, int, int]] = field(default_factory=list)
    travel_km: float = 10.0
    for_child: bool = False
    step_free: bool = False
    preferred_gender: str = ""
    age_min: int | None = None
    age_max: int | None = None
    text: str = ""
    group_size: int = 1
    known: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()


@dataclass
class ProviderData:
    """A volunteer ("v12"), an association activity ("a3") or a room ("r5")."""

    key: str
    lat: float
    lon: float
    kinds: frozenset[str]
    capacity: int = 1
    tasks: frozenset[int] = frozenset()
    languages: tuple[str, ...] = ("da",)
    slots: list[tuple[int, int, int]] = field(default_factory=list)
    travel_km: float = float("inf")
    child_ok: bool = False
    step_free: bool = False
    gender: str = ""
    age: int | None = None
    text: str = ""
    seats: int = 1


# "hh:mm" with two digits each side -> minutes: a lookup instead of splitting and int() for every slot.
_MINUTES = {f"{h:02d}:{m:02d}": h * 60 + m for h in range(100) for m in range(100)}


def _slot_slowly(slot) -> tuple[int, int, int] | None:
    try:
        sh, sm = (int(x) for x in str(slot["start"]).split(":"))
        eh, em = (int(x) for x in str(slot["end"]).split(":"))
        day = int(slot["day"])
    except (KeyError, TypeError, ValueError):
        return None
    if 0 <= day <= 6 and sh * 60 + sm < eh * 60 + em:
        return (day, sh * 60 + sm, eh * 60 + em)
    return None


def parse_slots(availability) -> list[tuple[int, int, int]]:
    """[{"day": 1, "start": "13:00", "end": "15:00"}] -> [(1, 780, 900)]; broken entries are skipped."""
    slots = []
    minutes = _MINUTES
    for slot in availability or []:
        try:
            begin, end, day = minutes.get(slot["start"]), minutes.get(slot["end"]), slot["day"]
        except (KeyError, TypeError):
            begin = None
        if begin is not None and end is not None and type(day) is int:
            if 0 <= day <= 6 and begin < end:
                slots.append((day, begin, end))
            continue
        found = _slot_slowly(slot)  # anything but the common shape: the rule as it always was
        if found is not None:
            slots.append(found)
    return slots


def slots_mask(slots: list[tuple[int, int, int]], *, empty_means_any: bool = False) -> np.ndarray:
    """One bool per half-hour of the week that the slots cover completely."""
    mask = np.zeros(WEEK_SLOTS, dtype=bool)
    if not slots and empty_means_any:
        mask[:] = True
        return mask
    for day, start, end in slots:
        first = day * SLOTS_PER_DAY + (start + 29) // 30
        last = day * SLOTS_PER_DAY + end // 30
        mask[first:last] = True
    return mask


def packed_masks(all_slots, *, empty_means_any: bool = False) -> np.ndarray:
    """Rows of packed availability bits (42 bytes per row) for fast pairwise AND + popcount."""
    if not all_slots:
        return np.zeros((0, WEEK_SLOTS // 8), dtype=np.uint8)
    rows = np.stack([slots_mask(s, empty_means_any=empty_means_any) for s in all_slots])
    return np.packbits(rows, axis=1)


def common_halfhours(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Popcount of a & b row by row (both packed)."""
    return np.bitwise_count(np.bitwise_and(a, b)).sum(axis=1, dtype=np.int32)


def first_common_slots(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row by row (both packed, one row per pair): (day, minute) where the longest stretch of half-hours
    that both rows share begins, the earliest of equally long ones; (-1, -1) where they share none."""
    a, b = np.atleast_2d(a), np.atleast_2d(b)
    rows = len(a)
    out = np.full((rows, 2), -1, dtype=np.int64)
    if rows == 0:
        return out
    # A zero on both sides of every row, so that no stretch runs from one row into the next.
    width = WEEK_SLOTS + 2
    bits = np.zeros((rows, width), dtype=np.int8)
    bits[:, 1:-1] = np.unpackbits(np.bitwise_and(a, b), axis=1)[:, :WEEK_SLOTS]
    edges = np.diff(bits.ravel())
    starts = np.flatnonzero(edges == 1) + 1
    ends = np.flatnonzero(edges == -1) + 1
    if len(starts) == 0:
        return out
    row = starts // width
    order = np.lexsort((starts, -(ends - starts), row))
    first = order[np.r_[True, row[order][1:] != row[order][:-1]]]
    begin = starts[first] % width - 1
    out[row[first], 0] = begin // SLOTS_PER_DAY
    out[row[first], 1] = (begin % SLOTS_PER_DAY) * 30
    return out


def first_common_slot(a: np.ndarray, b: np.ndarray) -> tuple[int, int] | None:
    """(day, minute) where the longest stretch of half-hours that both packed rows share begins."""
    day, minute = first_common_slots(a, b)[0].tolist()
    return None if day < 0 else (day, minute)
