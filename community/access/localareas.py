"""Who may do what with local areas and local councils.

- Area pages and council pages are public.
- A council member edits only the council (page and membership) they hold a council_member role for;
  administrators edit any council.
- A playmaker (area_contact) sees the workspace of the areas they are bound to; administrators see all.
  Workspace rows (resources, contact log, projects) belong to areas: a playmaker reads and changes only
  those of their own areas (a project: when it touches at least one of them); others get 404.
- Coordination meetings are shared across areas: every playmaker and administrator sees and writes
  them; volunteer coordinators may read them.
"""

from __future__ import annotations

from community import access


def can_edit_council(user, council) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return council.pk in access.council_ids(user) or access.is_admin(user)


def is_playmaker_for(user, area) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return area.pk in access.area_ids(user) or access.is_admin(user)


def can_see_assignments(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(access.area_ids(user)) or access.is_admin(user)


def can_use_workspace(user) -> bool:
    """Playmakers and administrators have a workspace."""
    return can_see_assignments(user)


def workspace_area_ids(user) -> set[int] | None:
    """The areas whose workspace the user works in; None means every area (administrators)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if access.is_admin(user):
        return None
    return access.area_ids(user)


def workspace_areas(user):
    from localareas.models import LocalArea

    ids = workspace_area_ids(user)
    areas = LocalArea.objects.defer("geometry").order_by("name")
    return areas if ids is None else areas.filter(pk__in=ids)


def resources_visible_to(user):
    from localareas.models import AreaResource

    ids = workspace_area_ids(user)
    qs = AreaResource.objects.all()
    return qs if ids is None else qs.filter(area_id__in=ids)


def contact_log_visible_to(user):
    from localareas.models import ContactLogEntry

    ids = workspace_area_ids(user)
    qs = ContactLogEntry.objects.all()
    return qs if ids is None else qs.filter(area_id__in=ids)


def projects_visible_to(user):
    from localareas.models import Project

    ids = workspace_area_ids(user)
    if ids is None:
        return Project.objects.all()
    return Project.objects.filter(pk__in=Project.objects.filter(areas__in=ids).values("pk"))


def can_see_meetings(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return can_use_workspace(user) or bool(access.core_task_ids(user))


def can_edit_meetings(user) -> bool:
    return can_use_workspace(user)


def can_import_local_areas(user) -> bool:
    return access.is_admin(user)
