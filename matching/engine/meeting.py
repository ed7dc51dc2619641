"""Where a pair can meet: the nearest suitable room with a free weekly slot that both parties can attend."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.candidates import EARTH_KM
from matching.engine.data import first_common_slots

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

    def nearest_of_many(self, lats, lons) -> tuple[np.ndarray, np.ndarray]:
        """For each point, the LOOK_AT_NEAREST nearest places, closest first: (km, index) in one query."""
        k = min(LOOK_AT_NEAREST, len(self.places))
        if self.tree is None or len(lats) == 0:
            return np.zeros((len(lats), 0)), np.zeros((len(lats), 0), dtype=np.int64)
        dist, idx = self.tree.query(np.radians(np.column_stack([lats, lons])), k=k)
        return dist * EARTH_KM, idx


class RoomFinder(_Nearest):
    def nearest_many(
        self,
        lats,
        lons,
        common_masks: np.ndarray,
        *,
        step_free: np.ndarray,
        seats: np.ndarray,
        max_km: float = 15.0,
    ) -> list[MeetingPlace | None]:
        """nearest() for many pairs at once: one tree query and one pass over the free times."""
        dist, idx = self.nearest_of_many(lats, lons)
        found: list[MeetingPlace | None] = [None] * len(lats)
        if dist.size == 0:
            return found
        room_step = np.array([r.step_free for r in self.places], dtype=bool)[idx]
        room_seats = np.array([r.seats for r in self.places])[idx]
        fits = (dist <= max_km) & (room_step | ~np.asarray(step_free, dtype=bool)[:, None])
        fits &= room_seats >= np.asarray(seats)[:, None]
        rows, cols = np.nonzero(fits)  # row by row, closest first
        free = np.stack([r.free_mask for r in self.places])
        slots = first_common_slots(common_masks[rows], free[idx[rows, cols]])
        for r, c, (day, minute) in zip(rows.tolist(), cols.tolist(), slots.tolist(), strict=True):
            if found[r] is None and day >= 0:
                found[r] = MeetingPlace(self.places[idx[r, c]].id, float(dist[r, c]), day, minute)
        return found

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
        return self.nearest_many(
            [lat], [lon], common_mask[None], step_free=[step_free], seats=[seats], max_km=max_km
        )[0]


@dataclass
class OutdoorData:
    id: int
    name: str
    lat: float
    lon: float
    step_free: bool


class OutdoorFinder(_Nearest):
    """The nearest suitable outdoor place (a trail, a shelter, a picnic spot) when no room is free."""

    def nearest_many(
        self, lats, lons, *, step_free: np.ndarray, max_km: float = 10.0
    ) -> list[tuple[OutdoorData, float] | None]:
        """nearest() for many points in one tree query."""
        dist, idx = self.nearest_of_many(lats, lons)
        found: list[tuple[OutdoorData, float] | None] = [None] * len(lats)
        if dist.size == 0:
            return found
        place_step = np.array([p.step_free for p in self.places], dtype=bool)[idx]
        fits = (dist <= max_km) & (place_step | ~np.asarray(step_free, dtype=bool)[:, None])
        for r, c in zip(*(a.tolist() for a in np.nonzero(fits)), strict=True):
            if found[r] is None:
                found[r] = (self.places[idx[r, c]], float(dist[r, c]))
        return found

    def nearest(
        self, lat: float, lon: float, *, step_free: bool, max_km: float = 10.0
    ) -> tuple[OutdoorData, float] | None:
        return self.nearest_many([lat], [lon], step_free=[step_free], max_km=max_km)[0]
