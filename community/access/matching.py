"""Who sees which needs, proposals and matches (issue 6).

Coordinators see the needs of their own core tasks only; volunteers see their own matches; citizens their
own needs and matches; association representatives the matches at their association's activities.
Administrators manage the weights and activities, not cases, so they see no needs.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from community.access import (
    association_ids,
    core_task_ids,
    first_or_404,
    has_role,
    refuse_citizen_read,
)
from community.audit import log_action
from community.models import Role


def can_coordinate(user) -> bool:
    return bool(core_task_ids(user))


def needs_visible_to(user) -> QuerySet:
    from matching.models import Need

    tasks = core_task_ids(user)
    if not tasks:
        return Need.objects.none()
    return Need.objects.filter(core_task_id__in=tasks)


def get_need_for(user, pk, *, purpose: str = "matching"):
    """A need of the user's core tasks; reading it reads the citizen's case, so it is audited."""
    need = (
        needs_visible_to(user)
        .select_related("citizen", "core_task", "local_area")
        .filter(pk=pk)
        .first()
    )
    if need is None:
        refuse_citizen_read(
            user, pk, purpose, "matching.need", "Behovet findes ikke, eller du har ikke adgang."
        )
    log_action(
        "citizen.read", obj=need.citizen, actor=user, purpose=purpose, data={"need": need.pk}
    )
    return need


def proposals_visible_to(user) -> QuerySet:
    from matching.models import Proposal

    return Proposal.objects.filter(need__core_task_id__in=core_task_ids(user))


def get_proposal_for(user, pk):
    return first_or_404(
        proposals_visible_to(user).select_related("need", "need__citizen"),
        pk,
        "Forslaget findes ikke, eller du har ikke adgang.",
    )


def runs_visible_to(user) -> QuerySet:
    """Runs of the user's core tasks, and the runs the user started."""
    from matching.models import MatchRun

    return MatchRun.objects.filter(Q(core_task_id__in=core_task_ids(user)) | Q(started_by=user))


def get_run_for(user, pk):
    return first_or_404(
        runs_visible_to(user).select_related("core_task", "local_area"),
        pk,
        "Kørslen findes ikke, eller du har ikke adgang.",
    )


def matches_visible_to(user) -> QuerySet:
    from matching.models import Match

    return Match.objects.filter(core_task_id__in=core_task_ids(user))


def get_match_for(user, pk):
    return first_or_404(
        matches_visible_to(user).select_related("need", "need__citizen"),
        pk,
        "Matchet findes ikke, eller du har ikke adgang.",
    )


def own_matches(user) -> QuerySet:
    """Matches the user takes part in: as the volunteer, the citizen, or for their association's activity."""
    from matching.models import Match

    if not getattr(user, "is_authenticated", False):
        return Match.objects.none()
    condition = Q(volunteer__user=user) | Q(need__citizen__user=user)
    associations = association_ids(user)
    if associations:
        condition |= Q(activity__association_id__in=associations)
    return Match.objects.filter(condition)


def party_in(user, match) -> str | None:
    """Which side of the match this user speaks for: "citizen", "provider" or None."""
    if match.need.citizen.user_id and match.need.citizen.user_id == user.pk:
        return "citizen"
    if match.volunteer_id and match.volunteer.user_id == user.pk:
        return "provider"
    if match.activity_id and match.activity.association_id in association_ids(user):
        return "provider"
    return None


def get_own_match_for(user, pk):
    return first_or_404(
        own_matches(user).select_related(
            "need__citizen", "volunteer__user", "activity__association", "room"
        ),
        pk,
        "Matchet findes ikke, eller du har ikke adgang.",
    )


def may_manage_weights(user) -> bool:
    return has_role(user, Role.Kind.ADMIN)
