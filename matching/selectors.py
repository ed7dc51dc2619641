"""Reads of the matching module with real logic: dashboards, figures, follow-ups due. A fixed number of queries each."""

from __future__ import annotations

from statistics import median

from django.db.models import Count, Q
from django.utils import timezone

from matching.models import FollowUp, Match, Need, NeedKind, Proposal, UnmatchedReason

OPEN_STATUSES = [Need.Status.REQUESTED, Need.Status.OPEN]
SUMMARY_LIST_LENGTH = 20


def follow_ups_due(*, today=None, core_task_ids: set[int] | None = None):
    """Follow-ups of active matches that are due and not yet answered by both parties."""
    today = today or timezone.localdate()
    due = (
        FollowUp.objects.filter(due_on__lte=today, match__status=Match.Status.ACTIVE)
        .annotate(answer_count=Count("answers"))
        .filter(answer_count__lt=2)
        .select_related("match__need__citizen__user", "match__volunteer__user")
    )
    if core_task_ids is not None:
        due = due.filter(match__core_task_id__in=core_task_ids)
    return due


def coordinator_summary(*, core_task_ids: set[int]) -> dict:
    """Open needs, proposals waiting and follow-ups due for these core tasks (five queries whatever the size)."""
    now = timezone.now()
    needs = Need.objects.filter(core_task_id__in=core_task_ids, status__in=OPEN_STATUSES)
    oldest = list(
        needs.order_by("created_at").values("pk", "kind", "local_area__name", "created_at")[
            :SUMMARY_LIST_LENGTH
        ]
    )
    kind_labels = dict(NeedKind.choices)
    by_area = {
        row["local_area_id"]: row["n"]
        for row in needs.values("local_area_id").annotate(n=Count("id")).order_by()
    }
    return {
        "open_needs": [
            {
                "pk": row["pk"],
                "kind_label": str(kind_labels.get(row["kind"], row["kind"])),
                "area_name": row["local_area__name"] or "",
                "waiting_days": (now - row["created_at"]).days,
            }
            for row in oldest
        ],
        "open_needs_count": needs.count(),
        "proposals_waiting_count": Proposal.objects.filter(
            need__core_task_id__in=core_task_ids, status=Proposal.Status.PENDING
        ).count(),
        "follow_ups_due_count": follow_ups_due(core_task_ids=core_task_ids).count(),
        "needs_by_area": by_area,
    }


def active_matches_by_area() -> dict[int, int]:
    """Local area id -> number of active matches (for the local-area pages)."""
    rows = (
        Match.objects.filter(status=Match.Status.ACTIVE, local_area_id__isnull=False)
        .values("local_area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["local_area_id"]: row["n"] for row in rows}


def figures(*, core_task_ids: set[int] | None = None) -> dict:
    """Time from need to match, acceptance rate, matches per core task and area, unmatched needs and why."""
    needs = Need.objects.all()
    proposals = Proposal.objects.all()
    matches = Match.objects.all()
    if core_task_ids is not None:
        needs = needs.filter(core_task_id__in=core_task_ids)
        proposals = proposals.filter(need__core_task_id__in=core_task_ids)
        matches = matches.filter(core_task_id__in=core_task_ids)
    waits = [
        (matched - created).total_seconds() / 86400
        for created, matched in needs.filter(matched_at__isnull=False).values_list(
            "created_at", "matched_at"
        )
    ]
    decided = proposals.aggregate(
        accepted=Count("id", filter=Q(status=Proposal.Status.ACCEPTED)),
        rejected=Count("id", filter=Q(status=Proposal.Status.REJECTED)),
    )
    total_decided = decided["accepted"] + decided["rejected"]
    per_task = list(
        matches.exclude(status=Match.Status.DECLINED)
        .values("core_task__name_da")
        .annotate(active=Count("id", filter=Q(status=Match.Status.ACTIVE)), total=Count("id"))
        .order_by("core_task__name_da")
    )
    per_area = list(
        matches.exclude(status=Match.Status.DECLINED)
        .values("local_area__name")
        .annotate(active=Count("id", filter=Q(status=Match.Status.ACTIVE)), total=Count("id"))
        .order_by("-total", "local_area__name")
    )
    reasons = dict(UnmatchedReason.choices)
    unmatched = [
        {
            "reason": str(reasons.get(row["unmatched_reason"], row["unmatched_reason"])),
            "n": row["n"],
        }
        for row in needs.filter(status=Need.Status.OPEN)
        .exclude(unmatched_reason="")
        .values("unmatched_reason")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    outcomes = dict(Match.Outcome.choices)
    ended = [
        {"outcome": str(outcomes.get(row["outcome"], row["outcome"])), "n": row["n"]}
        for row in matches.filter(status=Match.Status.ENDED)
        .values("outcome")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    return {
        "matched_count": len(waits),
        "median_days_to_match": round(median(waits), 1) if waits else None,
        "mean_days_to_match": round(sum(waits) / len(waits), 1) if waits else None,
        "accepted": decided["accepted"],
        "rejected": decided["rejected"],
        "acceptance_rate": round(100 * decided["accepted"] / total_decided)
        if total_decided
        else None,
        "per_task": per_task,
        "per_area": per_area,
        "unmatched": unmatched,
        "unmatched_total": sum(row["n"] for row in unmatched),
        "open_total": needs.filter(status__in=OPEN_STATUSES).count(),
        "outcomes": ended,
    }


def contact_details(match: Match, party: str) -> dict | None:
    """First name, phone and e-mail of one party of an active match; None before both said yes.

    This is the one place that decides when the parties may see each other's details."""
    if match.status != Match.Status.ACTIVE:
        return None
    if party == "citizen":
        citizen = match.need.citizen
        user = citizen.user
        return {
            "first_name": citizen.first_name,
            "phone": citizen.phone or (user.phone if user else ""),
            "email": citizen.email or (user.email if user else ""),
        }
    if match.volunteer_id:
        user = match.volunteer.user
        return {"first_name": user.first_name, "phone": user.phone, "email": user.email}
    if match.activity_id:
        association = match.activity.association
        return {
            "first_name": association.name,
            "phone": association.phone,
            "email": association.email,
        }
    return None


def call_backs(*, core_task_ids: set[int]):
    """Requests sent without an account that nobody has called back yet, oldest first."""
    return (
        Need.objects.filter(
            core_task_id__in=core_task_ids, call_back=True, status=Need.Status.REQUESTED
        )
        .select_related("citizen")
        .order_by("created_at")
    )


INTAKE_CANDIDATES = 10


def intake_candidates(*, citizens, query: str) -> list:
    """Citizens the coordinator may see whose name or phone matches what she typed, at most ten."""
    words = query.split()
    if not words:
        return []
    digits = "".join(c for c in query if c.isdigit())
    if len(digits) >= 4:
        citizens = citizens.filter(phone__contains=digits[-8:])
    else:
        for word in words:
            citizens = citizens.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return list(citizens.order_by("last_name", "first_name")[:INTAKE_CANDIDATES])


def open_duplicate(*, citizen, kind: str):
    """The citizen's own request of the same kind that is still open, if there is one."""
    if citizen is None:
        return None
    return (
        Need.objects.filter(citizen=citizen, kind=kind, status__in=OWN_OPEN_STATUSES)
        .order_by("created_at")
        .first()
    )


OWN_OPEN_STATUSES = [Need.Status.REQUESTED, Need.Status.OPEN, Need.Status.PROPOSED]
