"""Reads for the area pages: a fixed number of queries per page, whatever the area holds."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from community.access import localareas as area_access
from community.models import Role
from localareas.figures import cached_figures
from localareas.index import per_1000
from localareas.models import (
    AreaResource,
    ContactLogEntry,
    CoordinationMeeting,
    LocalArea,
    LocalCouncil,
    MeetingDecision,
    Project,
    stale_before,
)


def playmakers_by_area() -> dict[int, list]:
    """area_id -> the users holding the playmaker (area_contact) role for it, in one query."""
    out: dict[int, list] = {}
    roles = Role.objects.filter(
        kind=Role.Kind.AREA_CONTACT, local_area__isnull=False
    ).select_related("user")
    for role in roles.order_by("user__email"):
        out.setdefault(role.local_area_id, []).append(role.user)
    return out


def assignment_rows() -> list[dict]:
    """Every area with its playmakers and a warning flag when it has none or more than one."""
    by_area = playmakers_by_area()
    rows = []
    for area in LocalArea.objects.only("id", "name", "slug").order_by("name"):
        users = by_area.get(area.pk, [])
        rows.append({"area": area, "playmakers": users, "ok": len(users) == 1})
    return rows


def area_list_rows() -> list[dict]:
    """The list of local areas with population and volunteers per 1,000 inhabitants (from the cache,
    else two queries)."""
    return cached_figures(["area-list"], _area_list_rows)


def _area_list_rows() -> list[dict]:
    from volunteers.models import COUNTED_STATUSES, Volunteer

    volunteers = dict(
        Volunteer.objects.filter(local_area__isnull=False, status__in=COUNTED_STATUSES)
        .values_list("local_area_id")
        .annotate(n=Count("pk"))
        .values_list("local_area_id", "n")
    )
    rows = []
    for area in LocalArea.objects.only("id", "name", "slug", "population").order_by("name"):
        n = volunteers.get(area.pk, 0)
        rows.append({"area": area, "volunteers": n, "per_1000": per_1000(n, area.population)})
    return rows


def area_figures(area: LocalArea) -> dict:
    """The area page's key figures: from the cache, else seven counts (localareas/figures.py)."""
    return cached_figures(
        ["area", area.pk, timezone.localdate().isoformat()],
        lambda: _area_figures(area),
    )


def _area_figures(area: LocalArea) -> dict:
    from bookings.selectors import association_booking_counts_by_area
    from maps.models import Facility
    from maps.selectors import open_problem_counts_by_area
    from matching.models import Match, Need
    from matching.selectors import OPEN_STATUSES
    from volunteers.models import COUNTED_STATUSES, Volunteer

    volunteers = Volunteer.objects.filter(local_area=area, status__in=COUNTED_STATUSES).count()
    year_ago = timezone.now() - timedelta(days=365)
    return {
        "volunteers": volunteers,
        "volunteers_per_1000": per_1000(volunteers, area.population),
        "facilities": Facility.objects.filter(local_area=area, retired_at__isnull=True).count(),
        "open_problems": open_problem_counts_by_area().get(area.pk, 0),
        "bookings": association_booking_counts_by_area(since=year_ago).get(area.pk, 0),
        # Counts only: who waits, and for what, is for the coordinators of their core task.
        "open_needs": Need.objects.filter(local_area=area, status__in=OPEN_STATUSES).count(),
        "active_matches": Match.objects.filter(local_area=area, status=Match.Status.ACTIVE).count(),
    }


def area_page(area: LocalArea) -> dict:
    """Key figures (cached), councils and playmakers of one area, in a constant number of queries."""
    from community.models import User

    # Members come from their own query rather than a prefetch, which Django skips when there are no
    # councils: that would make the query count depend on the area's data.
    councils = list(LocalCouncil.objects.filter(areas=area))
    members: dict[int, list] = {}
    member_roles = Role.objects.filter(
        kind=Role.Kind.COUNCIL_MEMBER, council__areas=area
    ).select_related("user")
    for role in member_roles.order_by("user__email"):
        members.setdefault(role.council_id, []).append(role)
    for council in councils:
        council.member_roles = members.get(council.pk, [])
    playmakers = list(
        User.objects.filter(roles__kind=Role.Kind.AREA_CONTACT, roles__local_area=area).distinct()
    )
    # Only the project's own columns: no prefetch, so an area without projects costs the same query.
    projects = list(Project.objects.filter(areas=area, is_public=True).order_by("title"))
    return {
        "figures": area_figures(area),
        "councils": councils,
        "playmakers": playmakers,
        "projects": projects,
    }


def workspace_overview(user, *, area_ids: set[int] | None = None, today=None) -> dict:
    """The workspace's front page for one user: their areas with counts, and the alerts.

    `area_ids` narrows an administrator's view (the filter); a playmaker always sees only their own
    areas. A fixed number of queries, whatever the areas hold.
    """
    today = today or timezone.localdate()
    cutoff = stale_before(today)
    stale = Q(verified_at__isnull=True) | Q(verified_at__lte=cutoff)
    areas = area_access.workspace_areas(user).only("id", "name", "slug")
    if area_ids is not None:
        areas = areas.filter(pk__in=area_ids)
    areas = list(areas)
    ids = [a.pk for a in areas]

    counts = {
        row["area_id"]: row
        for row in AreaResource.objects.filter(area_id__in=ids)
        .values("area_id")
        .annotate(total=Count("pk"), stale=Count("pk", filter=stale))
    }
    project_counts = dict(
        Project.objects.filter(areas__in=ids)
        .exclude(status=Project.Status.FINISHED)
        .values_list("areas")
        .annotate(n=Count("pk", distinct=True))
        .values_list("areas", "n")
    )
    follow_ups = list(
        ContactLogEntry.objects.filter(
            area_id__in=ids, follow_up_done=False, follow_up_on__lte=today
        )
        .select_related("area", "resource")
        .order_by("follow_up_on", "pk")
    )
    follow_up_counts: dict[int, int] = {}
    for entry in follow_ups:
        follow_up_counts[entry.area_id] = follow_up_counts.get(entry.area_id, 0) + 1
    rows = []
    for area in areas:
        c = counts.get(area.pk, {})
        rows.append(
            {
                "area": area,
                "resources": c.get("total", 0),
                "stale": c.get("stale", 0),
                "follow_ups": follow_up_counts.get(area.pk, 0),
                "projects": project_counts.get(area.pk, 0),
            }
        )
    stale_resources = list(
        AreaResource.objects.filter(stale, area_id__in=ids)
        .select_related("area")
        .order_by("verified_at", "area__name", "name")[:50]
    )
    decisions = list(
        MeetingDecision.objects.filter(owner=user, done=False)
        .select_related("meeting")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    for decision in decisions:
        decision.overdue = decision.due_on is not None and decision.due_on < today
    return {
        "rows": rows,
        "my_decisions": decisions,
        "stale_total": sum(r["stale"] for r in rows),
        "stale_rows": [r for r in rows if r["stale"]],
        "stale_resources": stale_resources,
        "follow_ups": follow_ups,
        "today": today,
    }


def area_workspace(area: LocalArea, *, today=None) -> dict:
    """One area's resources, contact log and projects for its playmaker."""
    today = today or timezone.localdate()
    resources = list(
        AreaResource.objects.filter(area=area)
        .select_related("association", "verified_by")
        .prefetch_related("core_tasks")
        .order_by("kind", "name")
    )
    for resource in resources:
        resource.stale = resource.needs_verification(today)
    log = list(
        ContactLogEntry.objects.filter(area=area)
        .select_related("resource", "created_by")
        .order_by("-contacted_on", "-pk")[:30]
    )
    for entry in log:
        entry.due = entry.follow_up_due(today)
    projects = list(
        Project.objects.filter(areas=area)
        .prefetch_related("core_tasks", "partner_resources", "areas")
        .order_by("status", "title")
    )
    return {
        "resources": resources,
        "stale_resources": [r for r in resources if r.stale],
        "contact_log": log,
        "follow_ups": [e for e in log if e.due],
        "projects": projects,
        "today": today,
    }


def meetings_split(*, today=None) -> dict:
    """Coordination meetings, upcoming first (soonest first) and then past (latest first)."""
    today = today or timezone.localdate()
    meetings = CoordinationMeeting.objects.prefetch_related("attendees").annotate(
        n_decisions=Count("decisions")
    )
    return {
        "upcoming": list(meetings.filter(held_on__gte=today).order_by("held_on", "pk")),
        "past": list(meetings.filter(held_on__lt=today).order_by("-held_on", "-pk")),
    }


def area_report(area: LocalArea) -> dict:
    """Everything the printable report shows: the area page's figures, the area next to the whole
    municipality per 1,000 inhabitants, the involvement index, open hearings and public projects."""
    from hearings.selectors import open_hearings_for_area
    from localareas.involvement import involvement_table

    page = area_page(area)
    table = involvement_table()
    row = next((r for r in table if r["area"].pk == area.pk), None)
    population = sum(r["population"] or 0 for r in table)
    totals = {
        c: sum(r["counts"][c] for r in table)
        for c in ("volunteers", "answers", "bookings", "matches")
    }
    comparison = [
        {
            "key": c,
            "area": row["rates"][c] if row and row["rates"] else None,
            "municipality": per_1000(totals[c], population),
        }
        for c in ("volunteers", "answers", "bookings", "matches")
    ]
    ranked = sorted((r for r in table if r["index"] is not None), key=lambda r: -r["index"])
    rank = next((i + 1 for i, r in enumerate(ranked) if r["area"].pk == area.pk), None)
    return {
        **page,
        "comparison": comparison,
        "index": row,
        "rank": rank,
        "areas_ranked": len(ranked),
        "open_hearings": open_hearings_for_area(area.pk),
    }
