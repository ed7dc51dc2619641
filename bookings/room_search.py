"""The room search: rooms free for one date, or for a weekly pattern over a season.

Two passes, so a search over a whole region costs little more than one over a town: every matching
room is ranked cheaply from plain rows (its free dates counted as bits, against one read of the
slots in the way, which the database finds), and Room objects, clash reasons and the free
intervals of the day are made only for the rooms a person is shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import BookingSlot, Room
from bookings.selectors import Occupancy, _closed_by_room, distance_km
from bookings.services import at_local, occurrence_problem, series_dates, unit_map
from community.holidays import holidays_between

ROOMS_PER_PAGE = 20
# A room's clash list on the results page shows this many dates and counts the rest.
CLASHES_SHOWN = 5
# The fields occurrence_problem() reads: rooms alike in these get the same answer per date.
RULE_FIELDS = (
    "opens_at",
    "closes_at",
    "open_weekdays",
    "min_duration_min",
    "max_duration_min",
    "max_days_ahead",
)
_ROW_FIELDS = (
    "pk",
    "building_id",
    "name",
    "building__name",
    "building__lat",
    "building__lon",
    "buffer_min",
    *RULE_FIELDS,
)


@dataclass(slots=True)
class _RoomRow:
    """What the ranking needs of a room, read as a plain row instead of a Room object."""

    pk: int
    building_id: int
    label: str
    lat: float | None
    lon: float | None
    buffer_min: int
    rules: tuple

    @classmethod
    def of_values(cls, values: tuple) -> _RoomRow:
        pk, building_id, name, building_name, lat, lon, buffer_min, *rules = values
        rules[2] = tuple(rules[2] or [])
        return cls(pk, building_id, f"{building_name}: {name}", lat, lon, buffer_min, tuple(rules))

    @classmethod
    def of_room(cls, room: Room) -> _RoomRow:
        return cls(
            room.pk,
            room.building_id,
            str(room),
            room.building.lat,
            room.building.lon,
            room.buffer_min,
            _rules_key(room),
        )


@dataclass
class RoomAvailability:
    """One room's answer. `room` is the Room object, loaded only for the rooms detailed (a page)."""

    room: Room | None
    room_id: int = 0
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
    `detail(results)` adds the Room objects, clash reasons and free intervals to the rooms about
    to be shown."""

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
        """`rooms` is a queryset (ranked from plain rows, Room objects made for the shown page) or
        Room objects. `detail_all` works out every room's clashes up front (an answer that lists
        them all, like the API's)."""
        self.now = now or timezone.now()
        self.day = day
        self._queryset = rooms if isinstance(rooms, QuerySet) and not detail_all else None
        if self._queryset is None:
            self._loaded = {room.pk: room for room in rooms}
            rows = [_RoomRow.of_room(room) for room in self._loaded.values()]
        else:
            self._loaded = {}
            rows = [_RoomRow.of_values(v) for v in rooms.values_list(*_ROW_FIELDS)]
        if near and max_distance_km:
            rows = [
                r
                for r in rows
                if r.lat is not None
                and distance_km(near[0], near[1], r.lon, r.lat) <= max_distance_km
            ]
        self._rows = {r.pk: r for r in rows}
        dates = [day] if day is not None else season_dates(weekday, first_date, last_date)[0]
        self.ranked: list[RoomAvailability] = []
        if not rows or not dates:
            return
        self.lo = at_local(dates[0], time(0, 0))
        self.hi = at_local(dates[-1] + timedelta(days=1), time(0, 0))
        self.closed = _closed_by_room(rows, dates[0], dates[-1])
        self.stamps = [(d, at_local(d, start_time), at_local(d, end_time)) for d in dates]
        # Rooms with the same rules and no closed periods get the same answer per date: work it
        # out once, as the reasons and as a bit mask of the dates the rules allow.
        self._rule_answers: dict[tuple, tuple[list[str | None], int]] = {}
        self.busy = self._busy_dates(rows)
        for row in rows:
            allowed = self._answers(row)[1]
            result = RoomAvailability(
                room=self._loaded.get(row.pk),
                room_id=row.pk,
                dates_total=len(dates),
                dates_free=(allowed & ~self.busy.get(row.pk, 0)).bit_count(),
            )
            if near and row.lat is not None:
                result.distance_km = round(distance_km(near[0], near[1], row.lon, row.lat), 1)
            self.ranked.append(result)
        labels = {r.pk: r.label for r in rows}
        self.ranked.sort(
            key=lambda r: (
                -r.dates_free,
                r.distance_km if r.distance_km is not None else 0,
                labels[r.room_id],
            )
        )
        if detail_all:
            self.detail(self.ranked)

    def _windows(self, buffer_min: int) -> list[tuple[datetime, datetime]]:
        """The periods a room must be free on each date: the asked time plus the room's buffer."""
        buffer = timedelta(minutes=buffer_min)
        return [(s, e + buffer) for _, s, e in self.stamps]

    def _busy_dates(self, rows: list[_RoomRow]) -> dict[int, int]:
        """Per room id, a bit mask of the dates on which one of its units has a slot in the way.

        One read per buffer length among the rooms (nearly always one): the database returns only
        the slots that overlap a window, each with the first and last window it overlaps."""
        units = unit_map(list(self._rows))
        by_buffer: dict[int, list[_RoomRow]] = defaultdict(list)
        for row in rows:
            by_buffer[row.buffer_min].append(row)
        busy: dict[int, int] = {}
        for buffer_min, group in by_buffer.items():
            windows = self._windows(buffer_min)
            group_units = {u for r in group for u in units.get(r.pk, [r.pk])}
            found = (
                BookingSlot.objects.filter(
                    unit_id__in=group_units,
                    starts_at__lt=windows[-1][1],
                    ends_at__gt=windows[0][0],
                )
                .alias(hit=_overlaps_a_window(windows))
                .filter(hit=True)
                .values_list(
                    "unit_id",
                    _first_window_ending_after(windows),
                    _last_window_starting_before(windows),
                )
            )
            by_unit: dict[int, int] = defaultdict(int)
            for unit, first, last in found:
                by_unit[unit] |= (1 << (last + 1)) - (1 << first)
            for row in group:
                taken = 0
                for unit in units.get(row.pk, [row.pk]):
                    taken |= by_unit.get(unit, 0)
                if taken:
                    busy[row.pk] = taken
        return busy

    def _answers(self, row: _RoomRow) -> tuple[list[str | None], int]:
        """Per date why the room's rules or closed periods forbid it (None: allowed), and the mask
        of the allowed dates."""
        closed = self.closed[row.pk]
        if closed:
            return _answers_for(row.rules, self.stamps, self.now, closed)
        if row.rules not in self._rule_answers:
            self._rule_answers[row.rules] = _answers_for(row.rules, self.stamps, self.now, [])
        return self._rule_answers[row.rules]

    def detail(self, results) -> list[RoomAvailability]:
        """Each clashing date with its reason, and on a single day the room's free intervals."""
        results = list(results)
        if not results:
            return results
        missing = [r.room_id for r in results if r.room_id not in self._loaded]
        if missing:
            self._loaded.update((room.pk, room) for room in self._queryset.filter(pk__in=missing))
        for result in results:
            result.room = self._loaded[result.room_id]
            problems = self._answers(self._rows[result.room_id])[0]
            busy = self.busy.get(result.room_id, 0)
            result.clashes = [
                (d, problem if problem is not None else _("Optaget"))
                for i, ((d, _s, _e), problem) in enumerate(zip(self.stamps, problems, strict=True))
                if problem is not None or busy >> i & 1
            ]
        if self.day is not None:
            # The free intervals need the day's slots themselves: one more read, of the shown rooms.
            rooms = [r.room for r in results]
            occupancy = Occupancy(rooms, self.lo, self.hi)
            for result in results:
                result.free_intervals = _free_intervals(
                    result.room, self.day, occupancy, self.closed[result.room_id], self.now
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
    return tuple(
        tuple(room.open_weekdays or []) if name == "open_weekdays" else getattr(room, name)
        for name in RULE_FIELDS
    )


def _answers_for(rules: tuple, stamps, now, closed) -> tuple[list[str | None], int]:
    room = Room(**dict(zip(RULE_FIELDS, rules, strict=True)))
    room.open_weekdays = list(room.open_weekdays)
    answers = [occurrence_problem(room, s, e, now=now, closed=closed) for _, s, e in stamps]
    return answers, sum(1 << i for i, problem in enumerate(answers) if problem is None)


# The windows a weekly search asks about are in time order, their starts and their ends both
# ascending. So for a slot the windows it overlaps are a run: from the first window ending after
# the slot starts to the last one starting before it ends. Both are found by a binary search written
# as nested CASE expressions, a handful of comparisons per slot, where a test against every window
# would cost one per window (most of the time of this search on SQLite).


def _first_window_ending_after(windows, lo: int = 0, hi: int | None = None):
    """The index of the first window whose end is after the slot's start (len(windows): none)."""
    hi = len(windows) if hi is None else hi
    if lo == hi:
        return Value(lo, output_field=IntegerField())
    mid = (lo + hi) // 2
    return Case(
        When(starts_at__lt=windows[mid][1], then=_first_window_ending_after(windows, lo, mid)),
        default=_first_window_ending_after(windows, mid + 1, hi),
        output_field=IntegerField(),
    )


def _last_window_starting_before(windows, lo: int = -1, hi: int | None = None):
    """The index of the last window whose start is before the slot's end (-1: none)."""
    hi = len(windows) - 1 if hi is None else hi
    if lo == hi:
        return Value(lo, output_field=IntegerField())
    mid = (lo + hi + 1) // 2
    return Case(
        When(ends_at__gt=windows[mid][0], then=_last_window_starting_before(windows, mid, hi)),
        default=_last_window_starting_before(windows, lo, mid - 1),
        output_field=IntegerField(),
    )


def _overlaps_a_window(windows, lo: int = 0, hi: int | None = None):
    """Whether the slot overlaps a window: the first window ending after its start begins before
    its end."""
    hi = len(windows) if hi is None else hi
    if lo == hi:
        if lo == len(windows):
            return Value(False)
        return Case(When(ends_at__gt=windows[lo][0], then=Value(True)), default=Value(False))
    mid = (lo + hi) // 2
    return Case(
        When(starts_at__lt=windows[mid][1], then=_overlaps_a_window(windows, lo, mid)),
        default=_overlaps_a_window(windows, mid + 1, hi),
        output_field=BooleanField(),
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
