"""Test data for matching: volunteers, needs and activities placed around Hedensted."""

from __future__ import annotations

from datetime import time

from django.utils import timezone

from community.models import Role
from community.tests.factories import (
    AssociationFactory,
    CitizenFactory,
    UserFactory,
    core_task,
    with_role,
)
from matching.models import Activity, Match, Need, Proposal
from matching.services import matches, proposals, runs
from volunteers.models import Volunteer

HEDENSTED = (55.7716, 9.7011)
TUESDAY_AFTERNOON = [{"day": 1, "start": "13:00", "end": "16:00"}]


def point(km_north: float = 0.0, km_east: float = 0.0) -> dict:
    return {"lat": HEDENSTED[0] + km_north / 111.2, "lon": HEDENSTED[1] + km_east / 62.7}


def make_volunteer(*, km_north=0.0, user=None, tasks=("social-omsorg",), **fields) -> Volunteer:
    user = user or UserFactory()
    with_role(user, Role.Kind.VOLUNTEER)
    values = dict(
        status=Volunteer.Status.ACTIVE,
        activities=["visiting_friend", "meal_buddy"],
        languages=["da"],
        availability=TUESDAY_AFTERNOON,
        travel_km=10,
        capacity=1,
        interests="havearbejde, kortspil",
        consent_at=timezone.now(),
        **point(km_north),
    )
    values.update(fields)
    volunteer = Volunteer.objects.create(user=user, **values)
    volunteer.core_tasks.set([core_task(t) for t in tasks])
    return volunteer


def make_need(*, km_north=0.0, citizen=None, task="social-omsorg", **fields) -> Need:
    task_obj = core_task(task)
    citizen = citizen or CitizenFactory(core_tasks=[task_obj], **point(km_north))
    values = dict(
        citizen=citizen,
        kind="visiting_friend",
        core_task=task_obj,
        hopes="Jeg vil gerne have en at snakke med og hjælp til havearbejde",
        availability=TUESDAY_AFTERNOON,
        languages=["da"],
        consent_at=timezone.now(),
        status=Need.Status.OPEN,
        source=Need.Source.TALK,
        **point(km_north),
    )
    values.update(fields)
    return Need.objects.create(**values)


def make_activity(*, km_north=0.0, seats=20, **fields) -> Activity:
    values = dict(
        association=AssociationFactory(),
        title="Fællesspisning",
        weekday=1,
        start=time(13, 0),
        end=time(15, 0),
        seats=seats,
        step_free=True,
        **point(km_north),
    )
    values.update(fields)
    return Activity.objects.create(**values)


def run(actor, task="social-omsorg", **options):
    """A matching run over one core task, as the coordinator starts it."""
    return runs.matching_run(actor=actor, core_task_ids={core_task(task).pk}, **options)


def proposed(coordinator, n=1) -> tuple[list[Need], list[Volunteer]]:
    """n needs and n volunteers side by side, and a run that proposes them as pairs."""
    needs = [make_need(km_north=i * 0.2) for i in range(n)]
    volunteers = [make_volunteer(km_north=i * 0.2) for i in range(n)]
    run(coordinator)
    return needs, volunteers


def accept_pending(actor) -> Match:
    """The coordinator accepts the one pending proposal."""
    pending = Proposal.objects.get(status=Proposal.Status.PENDING)
    return proposals.proposal_accept(proposal=pending, actor=actor)


def active_match(coordinator, *, citizen=None) -> tuple[Need, Volunteer, Match]:
    """A need and a volunteer matched, proposed, accepted and agreed to by both parties."""
    need = make_need(citizen=citizen)
    volunteer = make_volunteer()
    run(coordinator)
    match = accept_pending(coordinator)
    matches.match_consent(match=match, party="citizen", actor=coordinator, given=True)
    match = matches.match_consent(match=match, party="provider", actor=volunteer.user, given=True)
    return need, volunteer, match
