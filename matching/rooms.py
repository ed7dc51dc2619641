"""Free weekly time of rooms, from the booking module, as the engine's slots and packed masks."""

from __future__ import annotations

import numpy as np

from bookings.selectors import free_weekly_slots_for_rooms
from matching.engine.data import packed_masks

WEEKS_AHEAD = 4  # a weekly meeting needs the slot free for the next four weeks
MEETING_MIN = 120


def _minutes(t) -> int:
    return t.hour * 60 + t.minute


def free_weekly_slots(rooms) -> dict[int, list[tuple[int, int, int]]]:
    """room id -> [(day, start_min, end_min)] free in each of the next weeks (windows may overlap)."""
    rooms = list(rooms)
    if not rooms:
        return {}
    free = free_weekly_slots_for_rooms(rooms, weeks=WEEKS_AHEAD, duration_min=MEETING_MIN)
    return {
        pk: [(day, _minutes(start), _minutes(end)) for day, start, end in slots]
        for pk, slots in free.items()
    }


def weekly_places(slots: list[tuple[int, int, int]]) -> int:
    """How many groups a room can host a week: non-overlapping windows, taken earliest first."""
    count, busy_until = 0, {}
    for day, start, end in sorted(slots):
        if start >= busy_until.get(day, -1):
            count += 1
            busy_until[day] = end
    return count


def free_masks(rooms) -> dict[int, np.ndarray]:
    rooms = list(rooms)
    slots = free_weekly_slots(rooms)
    ids = [room.pk for room in rooms]
    masks = packed_masks([slots.get(pk, []) for pk in ids])
    return {pk: masks[i] for i, pk in enumerate(ids)}
