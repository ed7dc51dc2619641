"""Who may open and manage hearings, and who sees what of the answers.

- Anyone, with or without an account, sees open hearings and answers them.
- A playmaker opens hearings for their own areas; a local-council member for the areas their council
  covers; administrators for any area. The same people manage (edit, read every answer of) the hearings
  of those areas.
- Figures and charts are public when the hearing says so; free-text answers only the managers see, since
  citizens may write personal things in them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from community import access
from localareas.models import LocalArea


def areas_for_hearings(user) -> QuerySet[LocalArea]:
    """The areas this user may open hearings for."""
    if not getattr(user, "is_authenticated", False):
        return LocalArea.objects.none()
    if access.is_admin(user):
        return LocalArea.objects.all()
    areas, councils = access.area_ids(user), access.council_ids(user)
    if not areas and not councils:
        return LocalArea.objects.none()
    return LocalArea.objects.filter(Q(pk__in=areas) | Q(councils__in=councils)).distinct()


def can_open_hearings(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return access.is_admin(user) or bool(access.area_ids(user) or access.council_ids(user))


def can_manage(user, hearing) -> bool:
    return areas_for_hearings(user).filter(pk=hearing.local_area_id).exists()


def can_see_results(user, hearing) -> bool:
    return hearing.results_public or can_manage(user, hearing)


def get_hearing_to_edit(user, pk):
    """The hearing this user may edit (None: a new one), checked; PermissionDenied names the reason."""
    from hearings.models import Hearing  # hearings' models import this package's apps

    if pk is None:
        if not areas_for_hearings(user).exists():
            raise PermissionDenied(
                _("Kun playmakere, lokalråd og administratorer opretter høringer.")
            )
        return None
    hearing = get_object_or_404(Hearing, pk=pk)
    if not can_manage(user, hearing):
        raise PermissionDenied(_("Du kan kun redigere høringer i dine egne områder."))
    return hearing
