"""Who may handle problem reports about outdoor facilities, and upload facility files.

The map itself and the GeoJSON API are public (open data). A problem report about a facility is
moved along by its owner or by the playmaker of the facility's local area:
- municipal facilities (and those of other owners): the municipality's administrators;
- an association's facility: that association's representatives;
- any facility: the playmaker (area contact) of the local area it lies in.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from community import access


def can_handle_problem(user, facility) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if facility.local_area_id and facility.local_area_id in access.area_ids(user):
        return True
    if facility.owner_kind == "association":
        return facility.owner_association_id in access.association_ids(user)
    return access.is_admin(user)


def problems_visible_to(user) -> QuerySet:
    """The problem reports this user may move along (and so see with the reporter's note)."""
    from maps.models import Facility, ProblemReport

    if not getattr(user, "is_authenticated", False):
        return ProblemReport.objects.none()
    condition = Q(pk__in=[])
    areas = access.area_ids(user)
    if areas:
        condition |= Q(facility__local_area_id__in=areas)
    associations = access.association_ids(user)
    if associations:
        condition |= Q(
            facility__owner_kind=Facility.Owner.ASSOCIATION,
            facility__owner_association_id__in=associations,
        )
    if access.is_admin(user):
        condition |= ~Q(facility__owner_kind=Facility.Owner.ASSOCIATION)
    return ProblemReport.objects.filter(condition)


def can_import_facilities(user) -> bool:
    return access.is_admin(user)
