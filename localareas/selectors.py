"""Reads for the area pages: a fixed number of queries per page, whatever the area holds."""

from __future__ import annotations

from django.db.models import Count

from community.models import Role
from localareas.models import LocalArea, LocalCouncil


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
    """The list of local areas with population and volunteers per 1,000 inhabitants (two queries)."""
    from volunteers.models import Volunteer

    volunteers = dict(
        Volunteer.objects.filter(local_area__isnull=False)
        .values_list("local_area_id")
        .annotate(n=Count("pk"))
        .values_list("local_area_id", "n")
    )
    rows = []
    for area in LocalArea.objects.only("id", "name", "slug", "population").order_by("name"):
        n = volunteers.get(area.pk, 0)
        rows.append({"area": area, "volunteers": n, "per_1000": per_1000(n, area.population)})
    return rows


def per_1000(count: int, population: int | None) -> float | None:
    if not population:
        return None
    return round(1000 * count / population, 1)


def area_page(area: LocalArea) -> dict:
    """Key figures, councils and playmakers of one area, in a constant number of queries."""
    from community.models import User
    from community.selectors import association_booking_counts_by_area
    from maps.models import Facility
    from maps.selectors import open_problem_counts_by_area
    from volunteers.models import Volunteer

    volunteers = Volunteer.objects.filter(local_area=area).count()
    facilities = Facility.objects.filter(local_area=area, retired_at__isnull=True).count()
    open_problems = open_problem_counts_by_area().get(area.pk, 0)
    bookings = association_booking_counts_by_area().get(area.pk, 0)
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
    return {
        "figures": {
            "volunteers": volunteers,
            "volunteers_per_1000": per_1000(volunteers, area.population),
            "facilities": facilities,
            "open_problems": open_problems,
            "bookings": bookings,
        },
        "councils": councils,
        "playmakers": playmakers,
    }
