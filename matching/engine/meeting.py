"""Where a pair can meet: the nearest suitable room with a free weekly slot that both parties can attend."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.candidates import EARTH_KM
from matching.engine.data import first_common_slot

LOOK_AT_NEAREST = 8


@dataclass
class RoomData:
    id: int
    lat: float
    lon: float
    step_free: bool
    seats: int
    free_mask: np.ndarray  # packed weekly half-hours when the room is free


@dataclass
class MeetingPlace:
    room_id: int | None
    distance_km: float
    day: int | None = None
    minute: int | None = None


class _Nearest:
    """A BallTree over places with lat and lon: the nearest few, closest first, within a distance."""

    def __init__(self, places):
        from sklearn.neighbors import BallTree  # heavy: imported when a run needs it

        self.places = places
        self.tree = (
            BallTree(np.radians([[p.lat, p.lon] for p in places]), metric="haversine")
            if places
            else None
        )

    def within(self, lat: float, lon: float, max_km: float):
        """(distance in km, place) for the LOOK_AT_NEAREST nearest, closest first, up to max_km."""
        if self.tree is None:
            return
        k = min(LOOK_AT_NEAREST, len(self.places))
        dist, idx = self.tree.query(np.radians([[lat, lon]]), k=k)
        for d, i in zip(dist[0] * EARTH_KM, idx[0], strict=True):
            if d > max_km:
                return
            yield float(d), self.places[i]


class RoomFinder(_Nearest):
    def nearest(
        self,
        lat: float,
        lon: float,
        common_mask: np.ndarray,
        *,
        step_free: bool,
        seats: int = 2,
        max_km: float = 15.0,
    ) -> MeetingPlace | None:
        """The closest room within max_km that is free at a time in common_mask (packed), or None."""
        for d, room in self.within(lat, lon, max_km):
            if (step_free and not room.step_free) or room.seats < seats:
                continue
            slot = first_common_slot(common_mask, room.free_mask)
            if slot is not None:
                return MeetingPlace(room.id, d, slot[0], slot[1])
        return None


@dataclass
class OutdoorData:
    id: int
    name: str
    lat: float
    lon: float
    step_free: bool


class OutdoorFinder(_Nearest):
    """The nearest suitable outdoor place (a trail, a shelter, a picnic spot) when no room is free."""

    def nearest(
        self, lat: float, lon: float, *, step_free: bool, max_km: float = 10.0
    ) -> tuple[OutdoorData, float] | None:
        for d, place in self.within(lat, lon, max_km):
            if step_free and not place.step_free:
                continue
            return place, d
        return None
