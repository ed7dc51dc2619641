"""The room search: rooms free for one date, or for a weekly pattern over a season.

Two passes, so a search over a whole region costs little more than one over a town: every matching
room is ranked cheaply (free dates counted against one occupancy read for the whole room set), and
the detailed per-date work (each clash with its reason, the free intervals of the day) is done only
for the rooms a person is shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Max, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import BookingSlot, Room
from bookings.selectors import Occupancy, _closed_by_room, distance_km
from bookings.services import at_local, occurrence_problem, series_dates, unit_map
from community.holidays import holidays_between

ROOMS_PER_PAGE = 20
# A room's clash list on the results page shows this many dates and counts the rest.
CLASHES_SHOWN = 5


@dataclass
class RoomAvailability:
    room: Room
    distance_km: float | None = None
    dates_total: int = 0
    dates_free: int = 0
    clashes: list[tuple[date, str]] = field(default_factory=list)
    free_intervals: list[tuple[datetime, datetime]] = field(default_factory=list)

    @property
    def all_free(self) -> bool:
        return self.dates_total > 0 and self.dates_free == self.dates_total

    @property
    def dates_taken(self) -> int:
        return self.dates_total - self.dates_free

    @property
    def clashes_shown(self) -> list[tuple[date, str]]:
        return self.clashes[:CLASHES_SHOWN]

    @property
    def clashes_more(self) -> int:
        return max(0, self.dates_taken - CLASHES_SHOWN)

    @property
    def first_unshown_clash(self) -> date | None:
        """The first date left out of the list: the room's calendar opens on its week."""
        rest = self.clashes[CLASHES_SHOWN:]
        return rest[0][0] if rest else None


def season_dates(weekday: int, first: date, last: date) -> tuple[list[date], list]:
    """The dates a weekly series on this weekday would book from first to last, and the holidays
    it skips (public ones and, as the series does by default, school holidays)."""
    holidays = holidays_between(first, last) if first <= last else {}
    dates = series_dates(weekday, first, last)
    return [d for d in dates if d not in holidays], [holidays[d] for d in dates if d in holidays]


class RoomSearch:
    """One search: `ranked` holds every matching room, best first, with its free dates counted;
    `detail(results)` adds the clash reasons and free intervals to the rooms about to be shown."""

    def __init__(
        self,
        rooms,
        *,
        start_time: time,
        end_time: time,
        day: date | None = None,
        weekday: int | None = None,
        first_date: date | None = None,
        last_date: date | None = None,
        near: tuple[float, float] | None = None,
        max_distance_km: float | None = None,
        now: datetime | None = None,
        detail_all: bool = False,
    ):
        """`detail_all` works out every room's clashes up front (an answer that lists them all,
        like the API's): then one read of the slots serves both the ranking and the detail."""
        self.now = now or timezone.now()
        self.day = day
        rooms = list(rooms)
        if near and max_distance_km:
            rooms = [
                r
                for r in rooms
                if r.building.lat is not None
                and distance_km(near[0], near[1], r.building.lon, r.building.lat) <= max_distance_km
            ]
        dates = [day] if day is not None else season_dates(weekday, first_date, last_date)[0]
        self.ranked: list[RoomAvailability] = []
        if not rooms or not dates:
            return
        self.lo = at_local(dates[0], time(0, 0))
        self.hi = at_local(dates[-1] + timedelta(days=1), time(0, 0))
        self.closed = _closed_by_room(rooms, dates[0], dates[-1])
        self.stamps = [(d, at_local(d, start_time), at_local(d, end_time)) for d in dates]
        self.seconds = [(s.timestamp(), e.timestamp()) for _, s, e in self.stamps]
        # Rooms with the same rules and no closed periods get the same answer per date: compute it once.
        self._rule_answers: dict[tuple, list[str | None]] = {}
        busy = {} if detail_all else self._busy_dates(rooms)
        for room in rooms:
            result = RoomAvailability(room=room, dates_total=len(dates))
            if near and room.building.lat is not None:
                result.distance_km = round(
                    distance_km(near[0], near[1], room.building.lon, room.building.lat), 1
                )
            if not detail_all:
                taken = busy.get(room.pk, ())
                result.dates_free = sum(
                    1
                    for i, problem in enumerate(self._problems(room))
                    if problem is None and i not in taken
                )
            self.ranked.append(result)
        if detail_all:
            for result in self.detail(self.ranked):
                result.dates_free = result.dates_total - len(result.clashes)
        self.ranked.sort(
            key=lambda r: (
                -r.dates_free,
                r.distance_km if r.distance_km is not None else 0,
                str(r.room),
            )
        )

    def _windows(self, buffer_min: int) -> list[tuple[datetime, datetime]]:
        """The periods a room must be free on each date: the asked time plus the room's buffer."""
        buffer = timedelta(minutes=buffer_min)
        return [(s, e + buffer) for _, s, e in self.stamps]

    def _busy_dates(self, rooms: list[Room]) -> dict[int, set[int]]:
        """Per room id, the indices of the dates on which one of its units has a slot in the way.

        The database answers per unit with one flag per date, so the ranking reads one row per unit
        instead of every slot: one query per buffer length among the rooms (nearly always one)."""
        units = unit_map([r.pk for r in rooms])
        by_buffer: dict[int, list[Room]] = defaultdict(list)
        for room in rooms:
            by_buffer[room.buffer_min].append(room)
        busy: dict[int, set[int]] = {}
        for buffer_min, group in by_buffer.items():
            windows = self._windows(buffer_min)
            overlaps = [Q(starts_at__lt=hi, ends_at__gt=lo) for lo, hi in windows]
            flags = {
                f"d{i}": Max(Case(When(q, then=1), default=0, output_field=IntegerField()))
                for i, q in enumerate(overlaps)
            }
            group_units = {u for r in group for u in units.get(r.pk, [r.pk])}
            rows = (
                BookingSlot.objects.filter(reduce(or_, overlaps), unit_id__in=group_units)
                .order_by()
                .values("unit_id")
                .annotate(**flags)
                .values_list("unit_id", *flags)
            )
            by_unit = {row[0]: {i for i, flag in enumerate(row[1:]) if flag} for row in rows}
            for room in group:
                taken: set[int] = set()
                for unit in units.get(room.pk, [room.pk]):
                    taken |= by_unit.get(unit, set())
                if taken:
                    busy[room.pk] = taken
        return busy

    def _problems(self, room: Room) -> list[str | None]:
        closed = self.closed[room.pk]
        if closed:
            return [
                occurrence_problem(room, s, e, now=self.now, closed=closed)
                for _, s, e in self.stamps
            ]
        key = _rules_key(room)
        if key not in self._rule_answers:
            self._rule_answers[key] = [
                occurrence_problem(room, s, e, now=self.now, closed=[]) for _, s, e in self.stamps
            ]
        return self._rule_answers[key]

    def detail(self, results) -> list[RoomAvailability]:
        """Each clashing date with its reason, and on a single day the room's free intervals."""
        results = list(results)
        if not results:
            return results
        rooms = [r.room for r in results]
        windows = None if self.day is not None else self._windows(max(r.buffer_min for r in rooms))
        # The shown rooms' slots, read once: the clash list and the free intervals come from them.
        occupancy = Occupancy(rooms, self.lo, self.hi, windows)
        for result in results:
            room = result.room
            result.clashes = []
            for (d, _s, _e), (s_ts, e_ts), problem in zip(
                self.stamps, self.seconds, self._problems(room), strict=True
            ):
                if problem is None and not occupancy.is_free_ts(room, s_ts, e_ts):
                    problem = _("Optaget")
                if problem is not None:
                    result.clashes.append((d, problem))
            if self.day is not None:
                result.free_intervals = _free_intervals(
                    room, self.day, occupancy, self.closed[room.pk], self.now
                )
        return results

    def page(self, number, per_page: int = ROOMS_PER_PAGE) -> Page:
        """One page of the ranked rooms, with the detail filled in for those rooms only."""
        page = Paginator(self.ranked, per_page).get_page(number)
        page.object_list = self.detail(page.object_list)
        return page


def availability_search(rooms, **search) -> list[RoomAvailability]:
    """Free rooms for one date, or for a weekly pattern over a season: per room the free dates and
    each clashing date with its reason. Rooms free on every date come first, then the nearest."""
    return RoomSearch(rooms, detail_all=True, **search).ranked


def _rules_key(room: Room) -> tuple:
    return (
        room.opens_at,
        room.closes_at,
        tuple(room.open_weekdays or []),
        room.min_duration_min,
        room.max_duration_min,
        room.max_days_ahead,
    )


def _free_intervals(room: Room, day: date, occupancy: Occupancy, closed, now) -> list:
    if day.weekday() not in (room.open_weekdays or []):
        return []
    if any(p.starts_on <= day <= p.ends_on for p in closed):
        return []
    lo, hi = at_local(day, room.opens_at), at_local(day, room.closes_at)
    lo = max(lo, now)
    free, cursor = [], lo
    for s, e in occupancy.busy(room, lo, hi):
        if s > cursor:
            free.append((cursor, s))
        cursor = max(cursor, e)
    if cursor < hi:
        free.append((cursor, hi))
    return [(s, e) for s, e in free if (e - s) >= timedelta(minutes=room.min_duration_min)]
