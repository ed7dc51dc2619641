"""Who sees and manages volunteers, opportunities, applications and hours.

Coordinators see every volunteer (so core tasks can share them) but change onboarding only for volunteers
of their own core tasks (or volunteers without one yet). Citizens stay behind `citizens_visible_to`: nothing
here exposes a citizen. Association representatives see the volunteers who applied to their opportunities.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from community import access
from community.models import Role
from volunteers.models import Application, HoursEntry, Opportunity, Volunteer

K = Role.Kind


def is_coordinator(user) -> bool:
    return bool(access.core_task_ids(user)) or access.is_admin(user)


def volunteers_visible_to(user) -> QuerySet[Volunteer]:
    if is_coordinator(user):
        return Volunteer.objects.all()
    associations = access.association_ids(user)
    if associations:
        return Volunteer.objects.filter(
            pk__in=Application.objects.filter(opportunity__association_id__in=associations).values(
                "volunteer_id"
            )
        )
    return Volunteer.objects.none()


def can_manage_volunteer(user, volunteer: Volunteer) -> bool:
    """Onboarding (status, notes) belongs to the coordinators of the volunteer's core tasks."""
    if access.is_admin(user):
        return True
    tasks = access.core_task_ids(user)
    if not tasks:
        return False
    theirs = set(volunteer.core_tasks.values_list("pk", flat=True))
    return not theirs or bool(theirs & tasks)


def get_volunteer_for(user, pk) -> Volunteer:
    return access.first_or_404(
        volunteers_visible_to(user).select_related("user", "local_area"),
        pk,
        "Den frivillige findes ikke, eller du har ikke adgang.",
    )


def _of_tasks_or_associations(user, association_field: str) -> Q:
    """Rows of the user's core tasks or of her associations; nothing when she has neither."""
    condition = Q(pk__in=[])
    tasks, associations = access.core_task_ids(user), access.association_ids(user)
    if tasks:
        condition |= Q(core_task_id__in=tasks)
    if associations:
        condition |= Q(**{f"{association_field}__in": associations})
    return condition


def opportunities_manageable_by(user) -> QuerySet[Opportunity]:
    if access.is_admin(user):
        return Opportunity.objects.all()
    return Opportunity.objects.filter(_of_tasks_or_associations(user, "association_id"))


def can_post_opportunities(user) -> bool:
    return bool(access.core_task_ids(user) or access.association_ids(user))


def get_manageable_opportunity(user, pk) -> Opportunity:
    return access.first_or_404(
        opportunities_manageable_by(user), pk, "Opgaven findes ikke, eller du har ikke adgang."
    )


def hours_approvable_by(user) -> QuerySet[HoursEntry]:
    """Hours of the user's core tasks, and hours on their associations' opportunities."""
    return HoursEntry.objects.filter(_of_tasks_or_associations(user, "opportunity__association_id"))


def dashboard_task_ids(user, wanted: int | None) -> int | None:
    """The one core task a coordinator's dashboard shows: the asked one if it is hers, else her first."""
    tasks = access.core_task_ids(user)
    if wanted in tasks:
        return wanted
    if wanted is not None:
        raise Http404("Du er ikke koordinator for den kerneopgave.")
    return min(tasks) if tasks else None
