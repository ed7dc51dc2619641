"""What a matching run reads: the open needs, the providers that can serve them and the places they have left."""

from __future__ import annotations

import math

from django.db.models import Count, Q

from bookings.models import Room
from matching.engine.data import NeedData, ProviderData, parse_slots
from matching.models import (
    Activity,
    Match,
    NeedKind,
    Proposal,
)
from matching.rooms import free_weekly_slots, weekly_places
from volunteers.models import Volunteer, child_certificate_valid

VOLUNTEER_KINDS = {
    "visiting_friend": {NeedKind.VISITING_FRIEND},
    "meal_buddy": {NeedKind.MEAL_BUDDY},
    "mentor": {NeedKind.MENTOR},
    "support_contact": {NeedKind.MENTOR},
}
BUSY_MATCH = [Match.Status.AWAITING_CONSENT, Match.Status.ACTIVE]


def _excluded_and_known(citizens) -> tuple[dict, dict]:
    """Per citizen (citizens: a query of citizen ids, read as a subquery): provider keys that were
    rejected or declined (never again), and those they already know."""
    excluded: dict[int, set[str]] = {}
    known: dict[int, set[str]] = {}
    rejected = Proposal.objects.filter(
        need__citizen_id__in=citizens, status=Proposal.Status.REJECTED
    ).values_list("need__citizen_id", "volunteer_id", "activity_id", "room_id")
    for cid, v, a, r in rejected:
        excluded.setdefault(cid, set()).add(_key(v, a, r))
    matches = Match.objects.filter(need__citizen_id__in=citizens).values_list(
        "need__citizen_id", "volunteer_id", "activity_id", "room_id", "status", "outcome"
    )
    for cid, v, a, r, status, outcome in matches:
        if status == Match.Status.DECLINED or outcome == Match.Outcome.NOT_A_FIT:
            excluded.setdefault(cid, set()).add(_key(v, a, r))
        elif status == Match.Status.ENDED:
            known.setdefault(cid, set()).add(_key(v, a, r))
    return excluded, known


def _key(v, a, r) -> str:
    return f"v{v}" if v else (f"a{a}" if a else f"r{r}")


def load_needs(scope) -> tuple[list[dict], list[NeedData]]:
    rows = list(
        scope.values(
            "id",
            "citizen_id",
            "kind",
            "core_task_id",
            "lat",
            "lon",
            "local_area_id",
            "languages",
            "availability",
            "travel_km",
            "for_child",
            "step_free",
            "preferred_gender",
            "preferred_age_min",
            "preferred_age_max",
            "hopes",
            "interests",
            "group_size",
        )
    )
    rows = [r for r in rows if r["lat"] is not None and r["lon"] is not None]
    excluded, known = _excluded_and_known(scope.values("citizen_id"))
    data = [
        NeedData(
            id=r["id"],
            lat=r["lat"],
            lon=r["lon"],
            kind=r["kind"],
            task=r["core_task_id"],
            languages=tuple(r["languages"] or ()),
            slots=parse_slots(r["availability"]),
            travel_km=float(r["travel_km"] or 10),
            for_child=r["for_child"],
            step_free=r["step_free"],
            preferred_gender=r["preferred_gender"],
            age_min=r["preferred_age_min"],
            age_max=r["preferred_age_max"],
            text=f"{r['hopes']} {r['interests']}".strip(),
            group_size=r["group_size"] or 1,
            known=frozenset(known.get(r["citizen_id"], ())),
            excluded=frozenset(excluded.get(r["citizen_id"], ())),
        )
        for r in rows
    ]
    return rows, data


def busy_counts() -> dict[str, int]:
    """Places already taken per provider: pending proposals and matches that wait for consent or are active."""
    busy: dict[str, int] = {}
    taken = [
        Proposal.objects.filter(status=Proposal.Status.PENDING),
        Match.objects.filter(status__in=BUSY_MATCH),
    ]
    for rows in taken:
        counted = rows.values_list("volunteer_id", "activity_id", "room_id").annotate(n=Count("id"))
        for v, a, r, n in counted.order_by():
            busy[_key(v, a, r)] = busy.get(_key(v, a, r), 0) + n
    return busy


def _available_volunteers():
    return Volunteer.objects.filter(
        status__in=[Volunteer.Status.APPROVED, Volunteer.Status.ACTIVE],
        lat__isnull=False,
        lon__isnull=False,
    )


def _volunteers_in_reach(needs):
    """Volunteers who could serve some of these needs at all (all of them when needs is None): of
    their core tasks (or of none) and within the reach of one of them (a box around the needs, as wide
    as the longest travel distance)."""
    narrowed = _available_volunteers()
    if needs is None:
        return narrowed
    if not needs:
        return narrowed.none()
    tasks = {x.task for x in needs}
    if all(tasks):  # a need of no core task takes volunteers of every task
        through = Volunteer.core_tasks.through.objects
        narrowed = narrowed.filter(
            Q(pk__in=through.filter(coretask_id__in=tasks).values("volunteer_id"))
            | ~Q(pk__in=through.values("volunteer_id"))
        )
    lats = [x.lat for x in needs]
    lons = [x.lon for x in needs]
    reach_km = max(x.travel_km for x in needs)
    # A degree of latitude is 111.2 km; 110 and the margin keep the box wider than any reach.
    lat_pad = reach_km / 110.0 + 0.01
    widest = min(89.0, max(abs(min(lats)), abs(max(lats))) + lat_pad)
    lon_pad = reach_km / (110.0 * math.cos(math.radians(widest))) + 0.01
    narrowed = narrowed.filter(
        lat__gte=min(lats) - lat_pad,
        lat__lte=max(lats) + lat_pad,
        lon__gte=min(lons) - lon_pad,
        lon__lte=max(lons) + lon_pad,
    )
    return narrowed


def _served(activities) -> set[str]:
    served: set[str] = set()
    for activity in activities or []:
        served |= VOLUNTEER_KINDS.get(activity, set())
    return served


def _away(exceptions, today_iso: str) -> bool:
    """Away (holiday, illness): not proposed until the period is over."""
    return any(p.get("from", "") <= today_iso <= p.get("to", "") for p in exceptions or [])


def no_provider_beyond(needs, providers, reasons: dict[int, str], today) -> None:
    """A need whose kind no loaded provider serves may still have volunteers of that kind who were not
    loaded (of another core task, out of reach): its reason is then "nobody in reach", as if every
    volunteer had been read, not "nobody of that kind"."""
    volunteer_kinds = {k for ks in VOLUNTEER_KINDS.values() for k in ks}
    kinds = {needs[i].kind for i, r in reasons.items() if r == "no_provider"} & volunteer_kinds
    if not kinds:
        return
    beyond = _kinds_served_beyond(kinds, {p.key for p in providers}, today)
    for i, reason in reasons.items():
        if reason == "no_provider" and needs[i].kind in beyond:
            reasons[i] = "nobody_in_reach"


def _kinds_served_beyond(kinds: set[str], loaded: set[str], today) -> set[str]:
    found: set[str] = set()
    today_iso = today.isoformat()
    rows = _available_volunteers().values_list("id", "activities", "availability_exceptions")
    for vid, activities, exceptions in rows.iterator(chunk_size=2000):
        if f"v{vid}" in loaded or _away(exceptions, today_iso):
            continue
        found |= _served(activities) & kinds
        if found >= kinds:
            break
    return found


def load_providers(
    kinds: set[str], today, *, needs: list[NeedData] | None = None
) -> tuple[list[ProviderData], dict[str, object]]:
    """The providers of these kinds; with needs, only the volunteers who could reach one of them."""
    busy = busy_counts()
    providers: list[ProviderData] = []
    labels: dict[str, object] = {}
    volunteer_kinds = {k for ks in VOLUNTEER_KINDS.values() for k in ks}
    if kinds & volunteer_kinds:
        volunteers = _volunteers_in_reach(needs)
        tasks: dict[int, set[int]] = {}
        for vid, tid in Volunteer.core_tasks.through.objects.filter(
            volunteer_id__in=volunteers.values("pk")
        ).values_list("volunteer_id", "coretask_id"):
            tasks.setdefault(vid, set()).add(tid)
        rows = volunteers.values(
            "id",
            "lat",
            "lon",
            "activities",
            "languages",
            "availability",
            "travel_km",
            "capacity",
            "child_certificate_checked_on",
            "gender",
            "birth_year",
            "interests",
            "skills",
            "age_groups",
            "availability_exceptions",
        )
        today_iso = today.isoformat()
        for r in rows:
            if _away(r["availability_exceptions"], today_iso):
                continue
            served = _served(r["activities"])
            key = f"v{r['id']}"
            # Full volunteers stay in as candidates with no room left, so a need they alone could serve
            # is reported as "taken by other matches", not as "nobody of that kind".
            capacity = max(0, (r["capacity"] or 1) - busy.get(key, 0))
            if not served & kinds:
                continue
            checked = r["child_certificate_checked_on"]
            groups = r["age_groups"] or []
            providers.append(
                ProviderData(
                    key=key,
                    lat=r["lat"],
                    lon=r["lon"],
                    kinds=frozenset(served),
                    capacity=capacity,
                    tasks=frozenset(tasks.get(r["id"], ())),
                    languages=tuple(r["languages"] or ("da",)),
                    slots=parse_slots(r["availability"]),
                    travel_km=float(r["travel_km"] or 5),
                    child_ok=child_certificate_valid(checked, today)
                    and (not groups or "children" in groups),
                    step_free=True,  # a volunteer visits the citizen or meets them at a step-free room
                    gender=r["gender"],
                    age=today.year - r["birth_year"] if r["birth_year"] else None,
                    text=f"{r['interests']}, {r['skills']}".strip(", "),
                )
            )
    if NeedKind.SHARED_MEAL in kinds:
        for a in Activity.objects.filter(active=True, lat__isnull=False).select_related(
            "association"
        ):
            key = f"a{a.pk}"
            capacity = max(0, a.seats - busy.get(key, 0))
            labels[key] = a
            providers.append(
                ProviderData(
                    key=key,
                    lat=a.lat,
                    lon=a.lon,
                    kinds=frozenset({a.kind}),
                    capacity=capacity,
                    tasks=frozenset(),
                    languages=tuple(a.languages or ("da",)),
                    slots=[
                        (
                            a.weekday,
                            a.start.hour * 60 + a.start.minute,
                            a.end.hour * 60 + a.end.minute,
                        )
                    ],
                    # The association's declaration counts for as long as a volunteer's certificate.
                    child_ok=child_certificate_valid(
                        a.association.child_certificate_declared_on, today
                    ),
                    step_free=a.step_free,
                    text=f"{a.title}. {a.description}",
                    seats=a.seats,
                )
            )
    if NeedKind.ROOM in kinds:
        rooms = list(Room.objects.select_related("building").filter(building__lat__isnull=False))
        slots = free_weekly_slots(rooms)
        for room in rooms:
            key = f"r{room.pk}"
            free = slots.get(room.pk, [])
            capacity = max(0, weekly_places(free) - busy.get(key, 0))
            providers.append(
                ProviderData(
                    key=key,
                    lat=room.building.lat,
                    lon=room.building.lon,
                    kinds=frozenset({NeedKind.ROOM}),
                    capacity=capacity,
                    slots=free,
                    step_free=room.step_free,
                    child_ok=True,
                    text=f"{room.name} {' '.join(room.equipment or [])}",
                    seats=room.capacity,
                )
            )
    return providers, labels
