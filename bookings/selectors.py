"""Reads of the platform core: room availability, free weekly slots, week calendars, utilisation and
booking counts. Every function loads what it needs in a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import AccessEvent, Booking, BookingSlot, ClosedPeriod, Room
from bookings.services import (
    COPENHAGEN,
    at_local,
    local,
    occurrence_problem,
    series_dates,
    unit_map,
)
from community.holidays import holiday_names, holidays_between

PRIME_START, PRIME_END = time(16, 0), time(22, 0)


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


class Occupancy:
    """The confirmed slots of many room units over a period, loaded in one query, answering overlap
    questions in O(log n). Slots of one unit never overlap (the booking invariant), so their ends are
    sorted like their starts."""

    def __init__(self, rooms: list[Room], lo: datetime, hi: datetime, windows=None):
        """`windows`, when given, are the only (start, end) periods asked about: a weekly search
        then loads one weekday's slots, not the whole season's."""
        self.units = unit_map([r.pk for r in rooms])
        all_units = {u for us in self.units.values() for u in us}
        self.by_unit: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        when = Q(starts_at__lt=hi, ends_at__gt=lo)
        if windows:
            when = Q()
            for w_lo, w_hi in windows:
                when |= Q(starts_at__lt=w_hi, ends_at__gt=w_lo)
        rows = (
            BookingSlot.objects.filter(when, unit_id__in=all_units)
            .order_by("unit_id", "starts_at")
            .values_list("unit_id", "starts_at", "ends_at")
        )
        for unit, s, e in rows:
            self.by_unit[unit].append((s, e))
        # Overlap questions compare POSIX timestamps: much cheaper than aware datetimes.
        self._starts = {u: [s.timestamp() for s, _ in v] for u, v in self.by_unit.items()}
        self._ends = {u: [e.timestamp() for _, e in v] for u, v in self.by_unit.items()}

    def is_free(self, room: Room, s: datetime, e: datetime) -> bool:
        return self.is_free_ts(room, s.timestamp(), e.timestamp())

    def is_free_ts(self, room: Room, s: float, e: float) -> bool:
        e = e + room.buffer_min * 60
        for unit in self.units.get(room.pk, [room.pk]):
            starts = self._starts.get(unit)
            if not starts:
                continue
            i = bisect_left(starts, e) - 1
            if i >= 0 and self._ends[unit][i] > s:
                return False
        return True

    def busy(self, room: Room, lo: datetime, hi: datetime) -> list[tuple[datetime, datetime]]:
        """Merged busy intervals of the room (all its units) between lo and hi."""
        out = []
        for unit in self.units.get(room.pk, [room.pk]):
            out.extend(
                (max(s, lo), min(e, hi)) for s, e in self.by_unit.get(unit, []) if s < hi and e > lo
            )
        out.sort()
        merged: list[list[datetime]] = []
        for s, e in out:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        return [(s, e) for s, e in merged]


def _closed_by_room(rooms: list[Room], first: date, last: date) -> dict[int, list[ClosedPeriod]]:
    periods = list(
        ClosedPeriod.objects.filter(
            Q(room_id__in=[r.pk for r in rooms])
            | Q(building_id__in={r.building_id for r in rooms}),
            starts_on__lte=last,
            ends_on__gte=first,
        )
    )
    # Indexed by room and by building, so many rooms cost a lookup each, not a pass over every period.
    by_room: dict[int, list[int]] = defaultdict(list)
    by_building: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(periods):
        by_room[p.room_id].append(i)
        by_building[p.building_id].append(i)
    out: dict[int, list[ClosedPeriod]] = {}
    for room in rooms:
        hits = by_room.get(room.pk, []) + by_building.get(room.building_id, [])
        out[room.pk] = [periods[i] for i in sorted(set(hits))]
    return out


def rooms_matching(
    *,
    capacity: int | None = None,
    equipment: list[str] | None = None,
    step_free: bool = False,
    area_id: int | None = None,
    lock_enabled: bool = False,
) -> QuerySet[Room]:
    """Rooms by capacity, equipment (all of them), step-free access and local area."""
    rooms = Room.objects.select_related("building", "building__local_area")
    if capacity:
        rooms = rooms.filter(capacity__gte=capacity)
    if step_free:
        rooms = rooms.filter(step_free=True)
    if area_id:
        rooms = rooms.filter(building__local_area_id=area_id)
    if lock_enabled:
        rooms = rooms.filter(lock_enabled=True)
    if equipment:
        # JSON containment is not on SQLite; equipment lists are short, so filter in Python.
        wanted = set(equipment)
        ids = [pk for pk, has in rooms.values_list("pk", "equipment") if wanted <= set(has or [])]
        rooms = rooms.filter(pk__in=ids)
    return rooms.order_by("building__name", "name")


def room_week(room: Room, monday: date, *, now=None) -> dict:
    """A week calendar of one room: hourly rows within its opening hours, one column per day."""
    now = now or timezone.now()
    days = [monday + timedelta(days=i) for i in range(7)]
    occupancy = Occupancy(
        [room], at_local(monday, time(0)), at_local(days[-1] + timedelta(days=1), time(0))
    )
    closed = _closed_by_room([room], days[0], days[-1])[room.pk]
    hours = list(
        range(room.opens_at.hour, room.closes_at.hour + (1 if room.closes_at.minute else 0))
    )
    rows = []
    for hour in hours:
        cells = []
        for d in days:
            s = at_local(d, time(hour))
            e = s + timedelta(hours=1)
            if e <= now:
                # An hour gone by is past, not closed: the room may well have been open then.
                state = "past"
            elif d.weekday() not in (room.open_weekdays or []) or any(
                p.starts_on <= d <= p.ends_on for p in closed
            ):
                state = "closed"
            elif not occupancy.is_free(room, s, e - timedelta(minutes=room.buffer_min)):
                state = "booked"
            else:
                state = "free"
            cells.append({"day": d, "start": s, "end": e, "state": state})
        rows.append({"hour": hour, "cells": cells})
    return {
        "days": days,
        "rows": rows,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
    }


def free_weekly_slots_for_rooms(
    rooms, *, weeks: int = 4, duration_min: int = 120, start: date | None = None, step_min: int = 60
) -> dict[int, list[tuple[int, time, time]]]:
    """Per room id, the (weekday, start, end) slots that are free in each of the next `weeks` weeks."""
    rooms = list(rooms)
    start = start or timezone.localdate() + timedelta(days=1)
    last = start + timedelta(days=7 * weeks - 1)
    if not rooms:
        return {}
    occupancy = Occupancy(
        rooms, at_local(start, time(0)), at_local(last + timedelta(days=1), time(0))
    )
    closed = _closed_by_room(rooms, start, last)
    holidays = holidays_between(start, last)
    now = timezone.now()
    out: dict[int, list[tuple[int, time, time]]] = {}
    for room in rooms:
        slots = []
        for weekday in sorted(room.open_weekdays or []):
            dates = [d for d in series_dates(weekday, start, last) if d not in holidays]
            clock = datetime.combine(start, room.opens_at)
            closing = datetime.combine(start, room.closes_at)
            while clock + timedelta(minutes=duration_min) <= closing:
                begin, end = clock.time(), (clock + timedelta(minutes=duration_min)).time()
                if all(
                    occurrence_problem(
                        room, at_local(d, begin), at_local(d, end), now=now, closed=closed[room.pk]
                    )
                    is None
                    and occupancy.is_free(room, at_local(d, begin), at_local(d, end))
                    for d in dates
                ):
                    slots.append((weekday, begin, end))
                clock += timedelta(minutes=step_min)
        out[room.pk] = slots
    return out


def free_weekly_slots(
    room: Room, *, weeks: int = 4, duration_min: int = 120, start: date | None = None
):
    """The (weekday, start, end) slots of one room that are free in each of the next `weeks` weeks."""
    return free_weekly_slots_for_rooms([room], weeks=weeks, duration_min=duration_min, start=start)[
        room.pk
    ]


def nearest_accessible_room_with_free_slot(
    *,
    lon: float,
    lat: float,
    weekday: int | None = None,
    start_time: time | None = None,
    duration_min: int = 120,
    weeks: int = 4,
    capacity: int = 1,
    max_rooms: int = 50,
) -> tuple[Room, float, tuple[int, time, time]] | None:
    """The nearest step-free room with a weekly slot free for `weeks` weeks: (room, distance_km, slot)."""
    rooms = [
        r
        for r in rooms_matching(capacity=capacity, step_free=True)
        if r.building.lat is not None and r.building.lon is not None
    ]
    rooms.sort(key=lambda r: distance_km(lon, lat, r.building.lon, r.building.lat))
    rooms = rooms[:max_rooms]
    free = free_weekly_slots_for_rooms(rooms, weeks=weeks, duration_min=duration_min)
    for room in rooms:
        for slot in free[room.pk]:
            if weekday is not None and slot[0] != weekday:
                continue
            if start_time is not None and slot[1] != start_time:
                continue
            return room, round(distance_km(lon, lat, room.building.lon, room.building.lat), 2), slot
    return None


def association_booking_counts_by_area(
    since: datetime | None = None, *, by: str = "room"
) -> dict[int, int]:
    """Confirmed association bookings per local area id (of the room's building, or by="association")."""
    qs = Booking.objects.filter(status=Booking.Status.CONFIRMED, association__isnull=False)
    if since is not None:
        qs = qs.filter(starts_at__gte=since)
    key = "room__building__local_area_id" if by == "room" else "association__local_area_id"
    rows = qs.exclude(**{f"{key}__isnull": True}).values(key).annotate(n=Count("pk"))
    return {row[key]: row["n"] for row in rows}


def bookings_of_room_feed(room: Room, *, days_back: int = 30) -> QuerySet[Booking]:
    """Confirmed bookings of the room and of the rooms linked to it, for its calendar feed."""
    from bookings.services import related_room_ids

    since = timezone.now() - timedelta(days=days_back)
    return (
        Booking.objects.filter(
            room_id__in=related_room_ids(room.pk),
            status=Booking.Status.CONFIRMED,
            ends_at__gte=since,
        )
        .select_related("room__building", "association")
        .order_by("starts_at")
    )


def bookings_of_association_feed(association, *, days_back: int = 30) -> QuerySet[Booking]:
    """The association's confirmed bookings, for its calendar feed."""
    since = timezone.now() - timedelta(days=days_back)
    return (
        Booking.objects.filter(
            association=association, status=Booking.Status.CONFIRMED, ends_at__gte=since
        )
        .select_related("room__building", "door_code")
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class SkippedDate:
    day: date
    reason: str
    is_holiday: bool


def series_skipped_dates(series) -> list[SkippedDate]:
    """The season's dates the series did not book, each with why: the holiday's name in the active
    language, the room being taken, or the reason given when the series was booked."""
    entries = series.skipped or []
    names = holiday_names(e["why"] for e in entries if e["why"] not in ("taken", "other"))
    out = []
    for e in entries:
        if e["why"] == "taken":
            reason, is_holiday = _("Optaget af en anden booking"), False
        elif e["why"] == "other":
            reason, is_holiday = e.get("text", ""), False
        else:
            reason, is_holiday = names.get(e["why"], e.get("text", "")), True
        out.append(SkippedDate(date.fromisoformat(e["day"]), reason, is_holiday))
    return sorted(out, key=lambda s: s.day)


def _hours(td: timedelta) -> float:
    return td.total_seconds() / 3600


def utilisation(*, first: date, last: date, building_id: int | None = None, now=None) -> dict:
    """Booked against open hours per room, building and week; used against booked from door events
    (no-shows); prime-time weekly slots (16-22) that nobody booked in the period."""
    now = now or timezone.now()
    rooms = list(Room.objects.select_related("building").order_by("building__name", "name"))
    if building_id:
        rooms = [r for r in rooms if r.building_id == building_id]
    lo, hi = at_local(first, time(0)), at_local(last + timedelta(days=1), time(0))
    closed = _closed_by_room(rooms, first, last)
    bookings = list(
        Booking.objects.filter(
            room__in=rooms, status=Booking.Status.CONFIRMED, starts_at__lt=hi, ends_at__gt=lo
        )
        .annotate(used=Exists(AccessEvent.objects.filter(booking=OuterRef("pk"), granted=True)))
        .values_list("room_id", "starts_at", "ends_at", "used")
    )
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    weeks = sorted({d - timedelta(days=d.weekday()) for d in days})
    week_open = defaultdict(float)
    week_booked = defaultdict(float)
    building_week_open: dict[tuple[int, date], float] = defaultdict(float)
    building_week_booked: dict[tuple[int, date], float] = defaultdict(float)
    per_room = {}
    for room in rooms:
        open_h = 0.0
        for d in days:
            if d.weekday() in (room.open_weekdays or []) and not any(
                p.starts_on <= d <= p.ends_on for p in closed[room.pk]
            ):
                h = _hours(at_local(d, room.closes_at) - at_local(d, room.opens_at))
                open_h += h
                week_open[d - timedelta(days=d.weekday())] += h
                building_week_open[(room.building_id, d - timedelta(days=d.weekday()))] += h
        per_room[room.pk] = {
            "room": room,
            "open_h": open_h,
            "booked_h": 0.0,
            "past_booked": 0,
            "used": 0,
            "no_shows": 0,
            "prime_busy": set(),
        }
    for room_id, s, e, used in bookings:
        s, e = max(s, lo), min(e, hi)
        row = per_room[room_id]
        row["booked_h"] += _hours(e - s)
        monday = local(s).date() - timedelta(days=local(s).weekday())
        week_booked[monday] += _hours(e - s)
        building_week_booked[(row["room"].building_id, monday)] += _hours(e - s)
        if row["room"].lock_enabled and e <= now:
            row["past_booked"] += 1
            if used:
                row["used"] += 1
            else:
                row["no_shows"] += 1
        ls, le = local(s), local(e)
        for hour in range(PRIME_START.hour, PRIME_END.hour):
            hs = ls.replace(hour=hour, minute=0, second=0, microsecond=0)
            if hs < le and hs + timedelta(hours=1) > ls:
                row["prime_busy"].add((ls.weekday(), hour))
    idle = []
    for row in per_room.values():
        room = row["room"]
        for weekday in sorted(room.open_weekdays or []):
            if weekday > 4:
                continue
            for hour in range(
                max(PRIME_START.hour, room.opens_at.hour), min(PRIME_END.hour, room.closes_at.hour)
            ):
                if (weekday, hour) not in row["prime_busy"]:
                    row.setdefault("idle_prime", 0)
                    row["idle_prime"] = row.get("idle_prime", 0) + 1
                    idle.append((room, weekday, hour))
        row["share"] = round(100 * row["booked_h"] / row["open_h"]) if row["open_h"] else 0
        row.setdefault("idle_prime", 0)
        del row["prime_busy"]
    buildings: dict[int, dict] = {}
    for row in per_room.values():
        b = buildings.setdefault(
            row["room"].building_id,
            {
                "building": row["room"].building,
                "open_h": 0.0,
                "booked_h": 0.0,
                "no_shows": 0,
                "used": 0,
            },
        )
        b["open_h"] += row["open_h"]
        b["booked_h"] += row["booked_h"]
        b["no_shows"] += row["no_shows"]
        b["used"] += row["used"]
    for building_id, b in buildings.items():
        b["share"] = round(100 * b["booked_h"] / b["open_h"]) if b["open_h"] else 0
        b["weeks"] = [
            round(
                100 * building_week_booked[(building_id, w)] / building_week_open[(building_id, w)]
            )
            if building_week_open[(building_id, w)]
            else None
            for w in weeks
        ]
    return {
        "rooms": list(per_room.values()),
        "buildings": sorted(buildings.values(), key=lambda b: b["building"].name),
        "weeks": [
            {
                "monday": w,
                "label": _("uge %(n)s") % {"n": w.isocalendar()[1]},
                "open_h": round(week_open[w], 1),
                "booked_h": round(week_booked[w], 1),
                "share": round(100 * week_booked[w] / week_open[w]) if week_open[w] else 0,
            }
            for w in weeks
        ],
        "idle_prime": idle,
        "timezone": str(COPENHAGEN),
    }
