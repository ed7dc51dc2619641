"""A matching run: all open needs of a scope assigned at once, optimally, saved as proposals for a coordinator."""

from __future__ import annotations

import gc
import logging
import time
from contextlib import contextmanager
from datetime import timedelta

import numpy as np
import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Room
from community.audit import log_action
from matching.engine.candidates import find_candidates
from matching.engine.data import NeedData, ProviderData, first_common_slots, packed_masks
from matching.engine.meeting import OutdoorData, OutdoorFinder, RoomData, RoomFinder
from matching.engine.scoring import reason_facts_many, score_candidates
from matching.engine.solver import alternatives, solve
from matching.models import (
    MatchRun,
    Need,
    Proposal,
    ScoreWeights,
)
from matching.rooms import free_masks
from matching.services.proposals import supersede
from matching.services.providers import load_needs, load_providers, no_provider_beyond

ALTERNATIVES_PER_NEED = 3
logger = logging.getLogger(__name__)


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


def _meetings(
    needs: list[NeedData],
    providers: list[ProviderData],
    ni: np.ndarray,
    pi: np.ndarray,
    need_masks: np.ndarray,
    prov_masks: np.ndarray,
    finder: RoomFinder,
    outdoor: OutdoorFinder,
) -> list[dict]:
    """Where and when each pair (need ni[k], provider pi[k]) can meet: an activity or a room where it is
    held, else the nearest free room half-way, else the nearest outdoor place, else at home."""
    out: list[dict] = [{} for _ in range(len(ni))]
    slots = first_common_slots(need_masks[ni], prov_masks[pi]).tolist()
    visits = []
    for k, j in enumerate(pi.tolist()):
        prov = providers[j]
        if prov.key[0] == "a":
            day, start, _end = prov.slots[0]
            out[k] = {"kind": "activity", "day": day, "minute": start}
        elif prov.key[0] == "r":
            day, minute = slots[k]
            out[k] = {"kind": "room_need", "day": day, "minute": minute} if day >= 0 else {}
        else:
            visits.append(k)
    if not visits:
        return out
    vi, vp = ni[visits], pi[visits]
    lats = (np.array([needs[i].lat for i in vi]) + np.array([providers[j].lat for j in vp])) / 2
    lons = (np.array([needs[i].lon for i in vi]) + np.array([providers[j].lon for j in vp])) / 2
    step_free = np.array([needs[i].step_free for i in vi], dtype=bool)
    places = finder.nearest_many(
        lats,
        lons,
        np.bitwise_and(need_masks[vi], prov_masks[vp]),
        step_free=step_free,
        seats=np.array([max(2, needs[i].group_size + 1) for i in vi]),
    )
    homeless = [r for r, place in enumerate(places) if place is None]
    spots = outdoor.nearest_many(lats[homeless], lons[homeless], step_free=step_free[homeless])
    spot_of = dict(zip(homeless, spots, strict=True))
    for r, (k, place) in enumerate(zip(visits, places, strict=True)):
        if place is not None:
            out[k] = {
                "kind": "room",
                "room": place.room_id,
                "day": place.day,
                "minute": place.minute,
                "km": round(place.distance_km, 1),
            }
        elif spot_of[r] is not None:
            spot, km = spot_of[r]
            out[k] = {"kind": "outdoor", "name": spot.name, "facility": spot.id, "km": round(km, 1)}
        else:
            out[k] = {"kind": "home"}
    return out


def meeting_for(proposal: Proposal) -> dict:
    """Where and when one pair can meet, worked out as a run does for the pair it proposes."""
    _rows, found = load_needs(Need.objects.filter(pk=proposal.need_id))
    if not found:
        return {}
    need = found[0]
    providers, _labels = load_providers({need.kind}, timezone.localdate())
    prov = next((p for p in providers if p.key == proposal.provider_key), None)
    if prov is None:
        return {}
    finder, _rooms = _room_finder()
    only = np.zeros(1, dtype=np.int64)
    need_masks = packed_masks([need.slots], empty_means_any=True)
    prov_masks = packed_masks([prov.slots])
    return _meetings([need], [prov], only, only, need_masks, prov_masks, finder, _outdoor_finder())[
        0
    ]


def _id_chunk() -> int:
    """How many ids one IN list takes: SQLite's limit of bound variables, PostgreSQL far more."""
    return 900 if connection.vendor == "sqlite" else 20_000


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


def _json(value) -> str:
    return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY).decode()


def _copy_json(value) -> str:
    # JSON escapes tabs and newlines inside strings itself; COPY text wants its backslashes doubled.
    return _json(value).replace("\\", "\\\\")


def _copy_null(value) -> str:
    return "\\N" if value is None else str(value)


def _copy_text(rows: list[dict], stamp: str) -> str:
    """The rows as COPY text: the columns of PROPOSAL_COLUMNS, then decision_reason and created_at."""
    null, js = _copy_null, _copy_json
    return "".join(
        f"{row['run_id']}\t{row['need_id']}\t{row['rank']}\t{row['score']!r}\t"
        f"{js(row['components'])}\t{js(row['reasons'])}\t{row['distance_m']}\t"
        f"{js(row['meeting'])}\t{null(row['meeting_room_id'])}\t{row['status']}\t"
        f"{null(row['volunteer_id'])}\t{null(row['activity_id'])}\t{null(row['room_id'])}\t"
        f"\t{stamp}\n"
        for row in rows
    )


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
        # The rows go as COPY text built here in one pass: psycopg's per-value adaptation cost more.
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for batch in _chunks(rows, 10_000):
                copy.write(_copy_text(batch, timezone.now().isoformat()))
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for batch in _chunks(rows, 500):  # 500 rows x 15 values stays under SQLite's variable limit
            params = []
            for row in batch:
                params.extend(
                    _json(row[c]) if c in JSON_COLUMNS else row[c] for c in PROPOSAL_COLUMNS
                )
                params.extend(["", now])
            cursor.execute(head + ", ".join([row_sql] * len(batch)), params)


@contextmanager
def _cycle_collector_paused():
    """A run makes millions of short-lived Python objects (rows, facts, dicts) and keeps hundreds of
    thousands alive at once; every collection of the oldest generation walks all of them, so the
    collector's cost grew faster than the run (a third of the CPU at 20k x 10k). Reference counting
    still frees what the run drops; cycles wait until the run is over (a few seconds)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compute_and_save(run: MatchRun, advance) -> MatchRun:
    """The run's work, stage by stage; the proposals and the needs' new states are saved in one
    transaction, with the run marked done, so a run lost half-way saved nothing."""
    t0 = time.perf_counter()
    today = timezone.localdate()
    actor = run.started_by
    prefer_more_matches = run.prefer_more_matches
    scope = Need.objects.filter(status=Need.Status.OPEN, consent_at__isnull=False)
    if run.core_task_ids:
        scope = scope.filter(core_task_id__in=run.core_task_ids)
    if run.local_area_id is not None:
        scope = scope.filter(local_area_id=run.local_area_id)
    timings: dict[str, float] = {}
    mark, cpu_mark = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        # Wall time and this process's CPU time: on a busy machine the two tell different stories.
        nonlocal mark, cpu_mark
        now, cpu_now = time.perf_counter(), time.process_time()
        timings[name] = round((now - mark) * 1000, 1)
        timings[name.replace("_ms", "_cpu_ms")] = round((cpu_now - cpu_mark) * 1000, 1)
        mark, cpu_mark = now, cpu_now

    advance(MatchRun.Stage.READING)
    rows, needs = load_needs(scope)
    providers, _labels = load_providers({n.kind for n in needs}, today, needs=needs)
    weights = {w.kind: w.as_dict() for w in ScoreWeights.objects.all()}
    lap("load_ms")
    advance(MatchRun.Stage.CANDIDATES)
    cands = find_candidates(needs, providers)
    no_provider_beyond(needs, providers, cands.unmatched_reason, today)
    lap("candidates_ms")
    advance(MatchRun.Stage.SCORING)
    scores = score_candidates(needs, providers, cands, weights)
    lap("score_ms")
    advance(MatchRun.Stage.SOLVING)
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
    advance(MatchRun.Stage.SAVING)

    def build(edges: list[int], ranks: list[int], chosen_count: int) -> list[dict]:
        """The proposal rows of the kept pairs (the chosen ones first, each with its meeting place)."""
        kept = np.asarray(edges, dtype=np.int64)
        names = list(scores.components)
        values = [scores.components[c][kept].tolist() for c in names]
        comps = [
            {c: round(v, 3) for c, v in zip(names, row, strict=True)}
            for row in zip(*values, strict=True)
        ]
        facts = reason_facts_many(needs, providers, cands, kept, comps)
        first = kept[:chosen_count]
        meetings = _meetings(
            needs,
            providers,
            cands.need_idx[first],
            cands.prov_idx[first],
            cands.need_masks,
            cands.prov_masks,
            finder,
            outdoor,
        )
        meetings += [{} for _ in range(len(kept) - chosen_count)]
        pending, alternative = Proposal.Status.PENDING.value, Proposal.Status.ALTERNATIVE.value
        rows = []
        for k, (i, j, total, km, rank) in enumerate(
            zip(
                cands.need_idx[kept].tolist(),
                cands.prov_idx[kept].tolist(),
                scores.total[kept].tolist(),
                cands.distance_km[kept].tolist(),
                ranks,
                strict=True,
            )
        ):
            meeting = meetings[k]
            rows.append(
                {
                    "run_id": run.pk,
                    "need_id": needs[i].id,
                    "rank": rank,
                    "score": round(total, 4),
                    "components": comps[k],
                    "reasons": facts[k],
                    "distance_m": int(round(km * 1000)),
                    "meeting": meeting,
                    "meeting_room_id": meeting.get("room"),
                    "status": pending if rank == 0 else alternative,
                    "volunteer_id": None,
                    "activity_id": None,
                    "room_id": None,
                    **Proposal.provider_fields(providers[j].key),
                }
            )
        return rows

    with transaction.atomic():
        # Taken late and once: a second delivery of the task that got here first finds the run done.
        locked = MatchRun.objects.select_for_update().filter(pk=run.pk, state__in=MatchRun.ACTIVE)
        if locked.first() is None:
            run.refresh_from_db()
            return run
        run.needs_count = len(needs)
        run.providers_count = len(providers)
        run.candidates_count = len(cands)
        run.proposed_count = solution.matched
        run.total_score = round(solution.total_score, 4)
        run.solve_ms = round(solve_ms, 2)
        edges = solution.chosen.tolist()
        ranks = [0] * len(edges)
        chosen_needs = set(cands.need_idx[solution.chosen].tolist())
        for alt_edges in alts.values():
            edges += alt_edges
            ranks += range(1, len(alt_edges) + 1)
        proposals = build(edges, ranks, len(solution.chosen))
        # Older alternatives of these needs give way to this run's.
        superseded: list[int] = []
        for chunk in _chunks([n.id for n in needs], _id_chunk()):
            superseded += supersede(
                Proposal.objects.filter(need_id__in=chunk, status=Proposal.Status.ALTERNATIVE)
            )
        _insert_proposals(proposals)
        proposed_ids = [needs[i].id for i in chosen_needs]
        Need.objects.filter(
            pk__in=Proposal.objects.filter(run=run, status=Proposal.Status.PENDING).values(
                "need_id"
            )
        ).update(status=Need.Status.PROPOSED, unmatched_reason="")
        by_reason: dict[str, list[int]] = {}
        with_candidates = set(np.unique(cands.need_idx).tolist())
        for i, need in enumerate(needs):
            if i in chosen_needs:
                continue
            reason = cands.unmatched_reason.get(i) or ("taken" if i in with_candidates else "")
            by_reason.setdefault(reason, []).append(need.id)
        for reason, need_ids in by_reason.items():
            for chunk in _chunks(need_ids, _id_chunk()):
                Need.objects.filter(pk__in=chunk).update(unmatched_reason=reason)
        lap("save_ms")
        run.total_ms = round((time.perf_counter() - t0) * 1000, 1)
        run.state = MatchRun.State.DONE
        run.stage = ""
        run.finished_at = timezone.now()
        run.save()
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
                # The rows changed by update() above, which sends no signals.
                "proposed_needs": sorted(proposed_ids),
                "unmatched_needs": by_reason,
                "alternatives_superseded": superseded,
                **timings,
            },
        )
    run.timings = timings
    return run


def _scope_key(task_ids: list[int], area_id: int | None) -> str:
    return f"tasks={','.join(map(str, task_ids)) or 'all'} area={area_id or 'all'}"


def _overlaps(run: MatchRun, task_ids: list[int], area_id: int | None) -> bool:
    """Whether an active run would read or write needs of this scope (no tasks or area means all)."""
    tasks_meet = not run.core_task_ids or not task_ids or set(run.core_task_ids) & set(task_ids)
    areas_meet = run.local_area_id is None or area_id is None or run.local_area_id == area_id
    return bool(tasks_meet and areas_meet)


def _give_up_stale_runs() -> None:
    """A run queued or running far longer than any run takes lost its worker for good (a restart of
    the embedded thread, a purged queue): it is marked failed so it no longer blocks its scope."""
    limit = timezone.now() - timedelta(minutes=settings.MATCHING_RUN_STALE_MIN)
    MatchRun.objects.filter(state__in=MatchRun.ACTIVE, started_at__lt=limit).update(
        state=MatchRun.State.FAILED,
        error="stopped without finishing",
        finished_at=timezone.now(),
    )


def _busy_message() -> str:
    return _(
        "En matchning for den kerneopgave og det område er allerede i gang. Vent, til den er "
        "færdig, og start så en ny."
    )


def _run_claim(*, actor, core_task_ids, local_area, prefer_more_matches) -> MatchRun:
    """A queued run for this scope, or a refusal while a run of an overlapping scope is active."""
    task_ids = sorted(core_task_ids) if core_task_ids else []
    area_id = local_area.pk if local_area is not None else None
    with transaction.atomic():
        _give_up_stale_runs()
        active = MatchRun.objects.filter(state__in=MatchRun.ACTIVE)
        if any(_overlaps(run, task_ids, area_id) for run in active):
            raise ValidationError(_busy_message(), code="busy")
        run = MatchRun(
            core_task_id=task_ids[0] if len(task_ids) == 1 else None,
            core_task_ids=task_ids,
            local_area=local_area,
            prefer_more_matches=prefer_more_matches,
            started_by=actor if getattr(actor, "pk", None) else None,
            state=MatchRun.State.QUEUED,
            scope_key=_scope_key(task_ids, area_id),
        )
        try:
            # The constraint settles two clicks at the same moment, which the check above cannot.
            with transaction.atomic():
                run.save()
        except IntegrityError:
            raise ValidationError(_busy_message(), code="busy") from None
    return run


def matching_run_start(
    *, actor, core_task_ids: set[int] | None, local_area=None, prefer_more_matches: bool = False
) -> MatchRun:
    """Queue a run for a background worker; its page shows how far it has come."""
    from community.tasks import enqueue
    from matching.tasks import run_matching

    run = _run_claim(
        actor=actor,
        core_task_ids=core_task_ids,
        local_area=local_area,
        prefer_more_matches=prefer_more_matches,
    )
    log_action(
        "matching.run.queued",
        obj=run,
        actor=actor,
        purpose="matching",
        data={"core_tasks": run.core_task_ids, "local_area": run.local_area_id},
    )
    enqueue(run_matching, run.pk)
    return run


def matching_run_execute(*, run_id: int) -> MatchRun | None:
    """Make a queued run. Safe to call twice: a run already done or failed is left as it is, and a
    run whose worker was lost saved nothing, so the next delivery starts it over."""
    run = MatchRun.objects.select_related("started_by").filter(pk=run_id).first()
    if run is None or not run.active:
        return run

    def advance(stage: str) -> None:
        run.stage = stage
        MatchRun.objects.filter(pk=run.pk, state__in=MatchRun.ACTIVE).update(
            state=MatchRun.State.RUNNING, stage=stage
        )

    try:
        with _cycle_collector_paused():
            return _compute_and_save(run, advance)
    except Exception as exc:
        logger.exception("Matching run %s failed at %s", run.pk, run.stage)
        MatchRun.objects.filter(pk=run.pk, state__in=MatchRun.ACTIVE).update(
            state=MatchRun.State.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:500],
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        return run


def matching_run(
    *,
    actor,
    core_task_ids: set[int] | None = None,
    local_area=None,
    prefer_more_matches: bool = False,
) -> MatchRun:
    """Make a run here and now (the management command, the demo, tests, the bench): the same lock
    and the same work as a queued run."""
    run = _run_claim(
        actor=actor,
        core_task_ids=core_task_ids,
        local_area=local_area,
        prefer_more_matches=prefer_more_matches,
    )
    return matching_run_execute(run_id=run.pk)
