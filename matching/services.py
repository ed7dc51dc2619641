"""Writes of the matching module: needs, matching runs, decisions, consent, follow-ups. Every step is audited."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import numpy as np
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Room
from community.audit import log_action
from community.weekly import slots_from_choices
from matching import selectors
from matching.engine.candidates import find_candidates
from matching.engine.data import NeedData, ProviderData, parse_slots
from matching.engine.meeting import OutdoorData, OutdoorFinder, RoomData, RoomFinder
from matching.engine.scoring import reason_facts, score_candidates
from matching.engine.solver import alternatives, solve
from matching.models import (
    Activity,
    FollowUp,
    FollowUpAnswer,
    Match,
    MatchRun,
    Need,
    NeedKind,
    Proposal,
    ScoreWeights,
)
from matching.rooms import free_masks, free_weekly_slots, weekly_places
from volunteers.models import Volunteer, child_certificate_valid

VOLUNTEER_KINDS = {
    "visiting_friend": {NeedKind.VISITING_FRIEND},
    "meal_buddy": {NeedKind.MEAL_BUDDY},
    "mentor": {NeedKind.MENTOR},
    "support_contact": {NeedKind.MENTOR},
}
ALTERNATIVES_PER_NEED = 3
FOLLOW_UP_DAYS = {FollowUp.Stage.TWO_WEEKS: 14, FollowUp.Stage.THREE_MONTHS: 91}
BUSY_MATCH = [Match.Status.AWAITING_CONSENT, Match.Status.ACTIVE]


# Needs ---------------------------------------------------------------------------------------------


def need_create(*, actor, citizen, source: str, consent: bool, **fields) -> Need:
    """A need from a coordinator's talk (open at once) or from the citizen's own request (to be reviewed)."""
    status = Need.Status.REQUESTED if source == Need.Source.CITIZEN else Need.Status.OPEN
    if not consent:
        raise ValidationError(_("Borgeren skal give samtykke, før vi leder efter et match."))
    need = Need(
        citizen=citizen,
        source=source,
        status=status,
        consent_at=timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    if need.lat is None and citizen.lat is not None and not need.postcode:
        need.lat, need.lon = citizen.lat, citizen.lon
        need.street, need.postcode, need.city = citizen.street, citizen.postcode, citizen.city
    if citizen.age is not None and citizen.age < 15:
        need.for_child = True
    need.full_clean()
    need.save()
    log_action("matching.need_created", obj=need, actor=actor, data={"source": source})
    return need


REQUEST_CORE_TASK = {
    NeedKind.VISITING_FRIEND: "social-omsorg",
    NeedKind.MEAL_BUDDY: "social-omsorg",
    NeedKind.SHARED_MEAL: "fritid-faellesskab",
    NeedKind.MENTOR: "beskaeftigelse",
}


def need_request_submit(*, user, data: dict) -> Need:
    """The citizen's own request: their citizen record is made or updated, a coordinator reviews the need."""
    from community.models import Citizen, CoreTask

    with transaction.atomic():
        citizen = Citizen.objects.filter(user=user).first()
        if citizen is None:
            citizen = Citizen(
                user=user,
                first_name=user.first_name or user.email.split("@")[0],
                last_name=user.last_name,
            )
        citizen.street, citizen.postcode, citizen.city = (
            data["street"],
            data["postcode"],
            data["city"],
        )
        citizen.phone = data["phone"]
        citizen.lat = citizen.lon = None  # the new address is placed from its postcode
        citizen.full_clean()
        citizen.save()
        task = (
            CoreTask.objects.filter(slug=REQUEST_CORE_TASK[data["kind"]]).first()
            or CoreTask.objects.first()
        )
        citizen.core_tasks.add(task)
        return need_create(
            actor=user,
            citizen=citizen,
            source=Need.Source.CITIZEN,
            consent=data["consent"],
            kind=data["kind"],
            core_task=task,
            hopes=data["hopes"],
            interests=data.get("interests", ""),
            availability=slots_from_choices(data["times"]),
            languages=list(data["languages"]),
            preferred_gender=data.get("preferred_gender", ""),
            step_free=bool(data.get("step_free")),
        )


def need_review(*, need: Need, actor) -> Need:
    """A coordinator has read the citizen's request and talked to them: the need may now be matched."""
    if need.status != Need.Status.REQUESTED:
        raise ValidationError(_("Kun nye ønsker fra borgere kan godkendes."))
    need.status = Need.Status.OPEN
    need.full_clean()
    need.save(update_fields=["status"])
    log_action("matching.need_reviewed", obj=need, actor=actor)
    return need


def need_withdraw(*, need: Need, actor, reason: str) -> Need:
    if need.status in (Need.Status.CLOSED, Need.Status.WITHDRAWN):
        raise ValidationError(_("Behovet er allerede lukket."))
    with transaction.atomic():
        need.proposals.filter(
            status__in=[Proposal.Status.PENDING, Proposal.Status.ALTERNATIVE]
        ).update(status=Proposal.Status.SUPERSEDED)
        need.status = Need.Status.WITHDRAWN
        need.save(update_fields=["status"])
        log_action("matching.need_withdrawn", obj=need, actor=actor, data={"reason": reason})
    return need


# Running the engine --------------------------------------------------------------------------------


def _excluded_and_known(citizen_ids: list[int]) -> tuple[dict, dict]:
    """Per citizen: provider keys that were rejected or declined (never again), and those they already know."""
    excluded: dict[int, set[str]] = {}
    known: dict[int, set[str]] = {}
    rejected = Proposal.objects.filter(
        need__citizen_id__in=citizen_ids, status=Proposal.Status.REJECTED
    ).values_list("need__citizen_id", "volunteer_id", "activity_id", "room_id")
    for cid, v, a, r in rejected:
        excluded.setdefault(cid, set()).add(_key(v, a, r))
    matches = Match.objects.filter(need__citizen_id__in=citizen_ids).values_list(
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


def _load_needs(scope) -> tuple[list[dict], list[NeedData]]:
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
    excluded, known = _excluded_and_known(sorted({r["citizen_id"] for r in rows}))
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


def _busy_counts() -> dict[str, int]:
    """Places already taken per provider: pending proposals and matches that wait for consent or are active."""
    busy: dict[str, int] = {}
    for v, a, r in Proposal.objects.filter(status=Proposal.Status.PENDING).values_list(
        "volunteer_id", "activity_id", "room_id"
    ):
        busy[_key(v, a, r)] = busy.get(_key(v, a, r), 0) + 1
    for v, a, r in Match.objects.filter(status__in=BUSY_MATCH).values_list(
        "volunteer_id", "activity_id", "room_id"
    ):
        busy[_key(v, a, r)] = busy.get(_key(v, a, r), 0) + 1
    return busy


def _load_providers(kinds: set[str], today) -> tuple[list[ProviderData], dict[str, object]]:
    busy = _busy_counts()
    providers: list[ProviderData] = []
    labels: dict[str, object] = {}
    volunteer_kinds = {k for ks in VOLUNTEER_KINDS.values() for k in ks}
    if kinds & volunteer_kinds:
        tasks: dict[int, set[int]] = {}
        for vid, tid in Volunteer.core_tasks.through.objects.values_list(
            "volunteer_id", "coretask_id"
        ):
            tasks.setdefault(vid, set()).add(tid)
        rows = Volunteer.objects.filter(
            status__in=[Volunteer.Status.APPROVED, Volunteer.Status.ACTIVE],
            lat__isnull=False,
            lon__isnull=False,
        ).values(
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
            if any(
                p.get("from", "") <= today_iso <= p.get("to", "")
                for p in r["availability_exceptions"] or []
            ):
                continue  # away (holiday, illness): not proposed until the period is over
            served = set()
            for activity in r["activities"] or []:
                served |= VOLUNTEER_KINDS.get(activity, set())
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
                    child_ok=a.association.child_certificate_declared_on is not None,
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


def _room_finder() -> tuple[RoomFinder, dict[int, Room]]:
    rooms = list(Room.objects.select_related("building").filter(building__lat__isnull=False))
    masks = free_masks(rooms)
    data = [
        RoomData(r.pk, r.building.lat, r.building.lon, r.step_free, r.capacity, masks[r.pk])
        for r in rooms
    ]
    return RoomFinder(data), {r.pk: r for r in rooms}


OUTDOOR_LAYERS = [
    "trails",
    "picnic-spots",
    "shelters",
    "green-areas",
    "kitchen-gardens",
    "fire-pits",
]


def _outdoor_finder() -> OutdoorFinder:
    """Outdoor places from the maps module that suit a walk or a chat outside."""
    from maps.models import Facility

    rows = Facility.objects.filter(
        retired_at__isnull=True, layer__slug__in=OUTDOOR_LAYERS
    ).values_list("id", "name", "lat", "lon", "wheelchair")
    return OutdoorFinder(
        [
            OutdoorData(pk, name, lat, lon, bool(wheelchair))
            for pk, name, lat, lon, wheelchair in rows
        ]
    )


def _meeting(
    need: NeedData,
    prov: ProviderData,
    need_mask,
    prov_mask,
    finder: RoomFinder,
    outdoor: OutdoorFinder,
) -> dict:
    if prov.key[0] == "a":
        day, start, _end = prov.slots[0]
        return {"kind": "activity", "day": day, "minute": start}
    common = np.bitwise_and(need_mask, prov_mask)
    if prov.key[0] == "r":
        from matching.engine.data import first_common_slot

        slot = first_common_slot(need_mask, prov_mask)
        return {"kind": "room_need", "day": slot[0], "minute": slot[1]} if slot else {}
    place = finder.nearest(
        (need.lat + prov.lat) / 2,
        (need.lon + prov.lon) / 2,
        common,
        step_free=need.step_free,
        seats=max(2, need.group_size + 1),
    )
    if place is None:
        spot = outdoor.nearest(
            (need.lat + prov.lat) / 2, (need.lon + prov.lon) / 2, step_free=need.step_free
        )
        if spot is not None:
            return {
                "kind": "outdoor",
                "name": spot[0].name,
                "facility": spot[0].id,
                "km": round(spot[1], 1),
            }
        return {"kind": "home"}
    return {
        "kind": "room",
        "room": place.room_id,
        "day": place.day,
        "minute": place.minute,
        "km": round(place.distance_km, 1),
    }


def _chunks(values: list, size: int = 900):
    for i in range(0, len(values), size):
        yield values[i : i + size]


PROPOSAL_COLUMNS = [
    "run_id",
    "need_id",
    "rank",
    "score",
    "components",
    "reasons",
    "distance_m",
    "meeting",
    "meeting_room_id",
    "status",
    "volunteer_id",
    "activity_id",
    "room_id",
]
JSON_COLUMNS = {"components", "reasons", "meeting"}


def _insert_proposals(rows: list[dict]) -> None:
    """Thousands of proposals in a few multi-row INSERTs: the ORM's per-field preparation was most of a run's time.

    Like bulk_create, this sends no signals; the run writes one summary audit entry instead.
    """
    if not rows:
        return
    table = connection.ops.quote_name(Proposal._meta.db_table)
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    columns = [*PROPOSAL_COLUMNS, "decision_reason", "created_at"]
    row_sql = "({})".format(
        ", ".join(
            [f"%s{cast}" if c in JSON_COLUMNS else "%s" for c in PROPOSAL_COLUMNS] + ["%s", "%s"]
        )
    )
    head = (
        f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) VALUES "
    )
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's bulk path; parsing thousands of placeholders client-side took seconds.
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        stamp = timezone.now()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(
                    [json.dumps(row[c]) if c in JSON_COLUMNS else row[c] for c in PROPOSAL_COLUMNS]
                    + ["", stamp]
                )
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for batch in _chunks(rows, 500):  # 500 rows x 15 values stays under SQLite's variable limit
            params = []
            for row in batch:
                params.extend(
                    json.dumps(row[c]) if c in JSON_COLUMNS else row[c] for c in PROPOSAL_COLUMNS
                )
                params.extend(["", now])
            cursor.execute(head + ", ".join([row_sql] * len(batch)), params)


def matching_run(
    *,
    actor,
    core_task_ids: set[int] | None = None,
    local_area=None,
    prefer_more_matches: bool = False,
) -> MatchRun:
    """Assign all open needs in the scope at once, optimally, and save the proposals for a coordinator."""
    t0 = time.perf_counter()
    today = timezone.localdate()
    scope = Need.objects.filter(status=Need.Status.OPEN, consent_at__isnull=False)
    if core_task_ids is not None:
        scope = scope.filter(core_task_id__in=core_task_ids)
    if local_area is not None:
        scope = scope.filter(local_area=local_area)
    timings: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        timings[name] = round((now - mark) * 1000, 1)
        mark = now

    rows, needs = _load_needs(scope)
    providers, _labels = _load_providers({n.kind for n in needs}, today)
    weights = {w.kind: w.as_dict() for w in ScoreWeights.objects.all()}
    lap("load_ms")
    cands = find_candidates(needs, providers)
    lap("candidates_ms")
    scores = score_candidates(needs, providers, cands, weights)
    lap("score_ms")
    capacities = np.array([p.capacity for p in providers], dtype=np.int64)
    t_solve = time.perf_counter()
    solution = solve(
        len(needs),
        capacities,
        cands.need_idx,
        cands.prov_idx,
        scores.total,
        prefer_more_matches=prefer_more_matches,
    )
    solve_ms = (time.perf_counter() - t_solve) * 1000
    alts = alternatives(
        cands.need_idx,
        cands.prov_idx,
        scores.total,
        solution.chosen,
        per_need=ALTERNATIVES_PER_NEED,
    )
    finder, _rooms = _room_finder()
    outdoor = _outdoor_finder()
    lap("solve_and_alternatives_ms")

    def build(edge: int, rank: int, status: str, run: MatchRun) -> dict:
        i, j = int(cands.need_idx[edge]), int(cands.prov_idx[edge])
        need, prov = needs[i], providers[j]
        comps = {c: round(float(v[edge]), 3) for c, v in scores.components.items()}
        facts = reason_facts(
            need,
            prov,
            comps,
            float(cands.distance_km[edge]),
            cands.need_masks[i],
            cands.prov_masks[j],
        )
        meeting = (
            _meeting(need, prov, cands.need_masks[i], cands.prov_masks[j], finder, outdoor)
            if rank == 0
            else {}
        )
        return {
            "run_id": run.pk,
            "need_id": need.id,
            "rank": rank,
            "score": round(float(scores.total[edge]), 4),
            "components": comps,
            "reasons": facts,
            "distance_m": int(round(float(cands.distance_km[edge]) * 1000)),
            "meeting": meeting,
            "meeting_room_id": meeting.get("room"),
            "status": status,
            "volunteer_id": None,
            "activity_id": None,
            "room_id": None,
            **Proposal.provider_fields(prov.key),
        }

    with transaction.atomic():
        run = MatchRun(
            core_task_id=next(iter(core_task_ids))
            if core_task_ids and len(core_task_ids) == 1
            else None,
            local_area=local_area,
            prefer_more_matches=prefer_more_matches,
            started_by=actor if getattr(actor, "pk", None) else None,
            needs_count=len(needs),
            providers_count=len(providers),
            candidates_count=len(cands),
            proposed_count=solution.matched,
            total_score=round(solution.total_score, 4),
            solve_ms=round(solve_ms, 2),
        )
        run.save()
        proposals = []
        chosen_needs = set()
        for edge in solution.chosen.tolist():
            proposals.append(build(edge, 0, Proposal.Status.PENDING, run))
            chosen_needs.add(int(cands.need_idx[edge]))
        for edges in alts.values():
            for rank, edge in enumerate(edges, start=1):
                proposals.append(build(edge, rank, Proposal.Status.ALTERNATIVE, run))
        # Older alternatives of these needs give way to this run's.
        ids = [n.id for n in needs]
        for chunk in _chunks(ids):
            Proposal.objects.filter(need_id__in=chunk, status=Proposal.Status.ALTERNATIVE).update(
                status=Proposal.Status.SUPERSEDED
            )
        _insert_proposals(proposals)
        proposed_ids = [needs[i].id for i in chosen_needs]
        for chunk in _chunks(proposed_ids):
            Need.objects.filter(pk__in=chunk).update(
                status=Need.Status.PROPOSED, unmatched_reason=""
            )
        by_reason: dict[str, list[int]] = {}
        with_candidates = set(np.unique(cands.need_idx).tolist())
        for i, need in enumerate(needs):
            if i in chosen_needs:
                continue
            reason = cands.unmatched_reason.get(i) or ("taken" if i in with_candidates else "")
            by_reason.setdefault(reason, []).append(need.id)
        for reason, need_ids in by_reason.items():
            for chunk in _chunks(need_ids):
                Need.objects.filter(pk__in=chunk).update(unmatched_reason=reason)
        lap("save_ms")
        run.total_ms = round((time.perf_counter() - t0) * 1000, 1)
        run.save(update_fields=["total_ms"])
        log_action(
            "matching.run",
            obj=run,
            actor=actor,
            purpose="matching",
            data={
                "needs": len(needs),
                "providers": len(providers),
                "candidates": len(cands),
                "proposed": solution.matched,
                "prefer_more_matches": prefer_more_matches,
                "unmatched": {k: len(v) for k, v in by_reason.items()},
                **timings,
            },
        )
    run.timings = timings
    return run


# Decisions -----------------------------------------------------------------------------------------


def proposal_accept(*, proposal: Proposal, actor) -> Match:
    """The coordinator approves the pair: a match is made that waits for both parties' consent."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("need").get(pk=proposal.pk)
        if proposal.status != Proposal.Status.PENDING:
            raise ValidationError(_("Forslaget er allerede behandlet."))
        need = proposal.need
        proposal.status = Proposal.Status.ACCEPTED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        need.proposals.filter(status=Proposal.Status.ALTERNATIVE).update(
            status=Proposal.Status.SUPERSEDED
        )
        match = Match(
            need=need,
            proposal=proposal,
            core_task_id=need.core_task_id,
            local_area_id=need.local_area_id,
            volunteer_id=proposal.volunteer_id,
            activity_id=proposal.activity_id,
            room_id=proposal.room_id,
        )
        if proposal.room_id:
            # A room has nobody to ask: the booking itself is its consent.
            match.provider_consent_at = timezone.now()
        match.full_clean()
        match.save()
        need.status = Need.Status.MATCHED
        need.save(update_fields=["status"])
        log_action(
            "matching.proposal_accepted", obj=proposal, actor=actor, data={"match": match.pk}
        )
    return match


def proposal_reject(*, proposal: Proposal, actor, reason: str) -> Proposal:
    """The coordinator says no, with a reason; this pair is never proposed again and the need reopens."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv kort, hvorfor forslaget afvises.")})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("need").get(pk=proposal.pk)
        if proposal.status != Proposal.Status.PENDING:
            raise ValidationError(_("Forslaget er allerede behandlet."))
        proposal.status = Proposal.Status.REJECTED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.decision_reason = reason[:500]
        proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        need = proposal.need
        need.status = Need.Status.OPEN
        need.save(update_fields=["status"])
        log_action(
            "matching.proposal_rejected", obj=proposal, actor=actor, data={"reason": reason[:500]}
        )
    return proposal


def proposal_promote(*, proposal: Proposal, actor) -> Proposal:
    """Take one of the next-best alternatives instead: it becomes the pending proposal of an open need."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("need").get(pk=proposal.pk)
        need = proposal.need
        if proposal.status != Proposal.Status.ALTERNATIVE or need.status != Need.Status.OPEN:
            raise ValidationError(_("Alternativet kan kun vælges, når behovet er åbent."))
        key = proposal.provider_key
        busy = _busy_counts().get(key, 0)
        if proposal.volunteer_id:
            capacity = (
                Volunteer.objects.filter(pk=proposal.volunteer_id)
                .values_list("capacity", flat=True)
                .first()
                or 0
            )
        elif proposal.activity_id:
            capacity = (
                Activity.objects.filter(pk=proposal.activity_id)
                .values_list("seats", flat=True)
                .first()
                or 0
            )
        else:
            capacity = weekly_places(free_weekly_slots([proposal.room]).get(proposal.room_id, []))
        if busy >= capacity:
            raise ValidationError(
                _("Den frivillige eller aktiviteten har ikke flere ledige pladser.")
            )
        proposal.status = Proposal.Status.PENDING
        proposal.save(update_fields=["status"])
        need.status = Need.Status.PROPOSED
        need.save(update_fields=["status"])
        log_action("matching.alternative_chosen", obj=proposal, actor=actor)
    return proposal


# Consent, activation, end --------------------------------------------------------------------------


def match_consent(*, match: Match, party: str, actor, given: bool) -> Match:
    """One party says yes or no. Both yes: the match is active and follow-ups are planned. A no ends it."""
    if party not in ("citizen", "provider"):
        raise ValidationError(_("Ukendt part."))
    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("need").get(pk=match.pk)
        if match.status != Match.Status.AWAITING_CONSENT:
            raise ValidationError(_("Matchet venter ikke længere på samtykke."))
        now = timezone.now()
        if not given:
            match.status = Match.Status.DECLINED
            match.ended_at = now
            match.save(update_fields=["status", "ended_at"])
            need = match.need
            need.status = Need.Status.OPEN
            need.save(update_fields=["status"])
            log_action("matching.consent_declined", obj=match, actor=actor, data={"party": party})
            return match
        if party == "citizen":
            match.citizen_consent_at, match.citizen_consent_by = now, actor
        else:
            match.provider_consent_at, match.provider_consent_by = now, actor
        fields = [
            "citizen_consent_at",
            "citizen_consent_by",
            "provider_consent_at",
            "provider_consent_by",
        ]
        log_action("matching.consent_given", obj=match, actor=actor, data={"party": party})
        if match.citizen_consent_at and match.provider_consent_at:
            match.status = Match.Status.ACTIVE
            match.started_at = now
            fields += ["status", "started_at"]
            need = match.need
            need.matched_at = now
            need.save(update_fields=["matched_at"])
            start = timezone.localdate()
            FollowUp.objects.bulk_create(
                [
                    FollowUp(match=match, stage=stage, due_on=start + timedelta(days=days))
                    for stage, days in FOLLOW_UP_DAYS.items()
                ]
            )
            log_action("matching.match_active", obj=match, actor=actor)
        match.save(update_fields=fields)
    return match


def match_end(*, match: Match, actor, outcome: str, note: str = "") -> Match:
    if match.status != Match.Status.ACTIVE:
        raise ValidationError(_("Kun aktive match kan afsluttes."))
    if outcome not in Match.Outcome.values:
        raise ValidationError({"outcome": _("Vælg hvordan det gik.")})
    with transaction.atomic():
        match.status = Match.Status.ENDED
        match.outcome = outcome
        match.outcome_note = note
        match.ended_at = timezone.now()
        match.full_clean()
        match.save(update_fields=["status", "outcome", "outcome_note", "ended_at"])
        need = match.need
        need.status = Need.Status.CLOSED
        need.save(update_fields=["status"])
        log_action("matching.match_ended", obj=match, actor=actor, data={"outcome": outcome})
    return match


# Follow-ups ----------------------------------------------------------------------------------------


def follow_ups_remind(*, today=None) -> int:
    """Send the reminders that are due (2 weeks, 3 months) to both parties; each is sent once."""
    today = today or timezone.localdate()
    due = list(selectors.follow_ups_due(today=today).filter(reminded_at__isnull=True))
    for follow_up in due:
        match = follow_up.match
        recipients = [
            address
            for address in [
                getattr(getattr(match.volunteer, "user", None), "email", ""),
                match.need.citizen.email or getattr(match.need.citizen.user, "email", ""),
            ]
            if address
        ]
        if recipients:
            send_mail(
                _("Hvordan går det? Et par korte spørgsmål"),
                _(
                    "Det er tid til en kort opfølgning på jeres aftale. Log ind på Samskab under "
                    "'Mine aftaler' og svar på fire korte spørgsmål. Tak!"
                ),
                None,
                recipients,
                fail_silently=True,
            )
        follow_up.reminded_at = timezone.now()
        follow_up.save(update_fields=["reminded_at"])
        log_action("matching.follow_up_reminded", obj=follow_up, data={"to": len(recipients)})
    return len(due)


def follow_up_answer(
    *,
    follow_up: FollowUp,
    party: str,
    actor,
    met: str,
    going_well: int,
    wants_to_continue: bool,
    comment: str = "",
) -> FollowUpAnswer:
    if follow_up.answers.filter(party=party).exists():
        raise ValidationError(_("Du har allerede svaret på denne opfølgning."))
    answer = FollowUpAnswer(
        follow_up=follow_up,
        party=party,
        answered_by=actor,
        met=met,
        going_well=going_well,
        wants_to_continue=wants_to_continue,
        comment=comment,
    )
    answer.full_clean()
    answer.save()
    log_action("matching.follow_up_answered", obj=follow_up, actor=actor, data={"party": party})
    return answer
