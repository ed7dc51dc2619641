"""Who may do what with local areas and local councils.

- Area pages and council pages are public.
- A council member edits only the council (page and membership) they hold a council_member role for;
  administrators edit any council.
- A playmaker (area_contact) sees the workspace of the areas they are bound to; administrators see all.
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
