"""Who may see an import job: whoever may start that kind of import (today, administrators)."""

from __future__ import annotations

from community.access.localareas import can_import_local_areas
from community.access.maps import can_import_facilities

RULES = {"facilities": can_import_facilities, "local_areas": can_import_local_areas}


def can_see_import_run(user, run) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    rule = RULES.get(run.kind)
    return bool(rule and rule(user))


def import_kinds_for(user) -> list[str]:
    """The kinds of import job this user may see, for the admin's list."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [kind for kind, rule in RULES.items() if rule(user)]
