"""Navigation entries of the matching module, shown by role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community import access
from community.models import Role


def items(request) -> list[dict]:
    user = request.user
    entries = []
    if access.core_task_ids(user):
        entries.append({"label": _("Match"), "url": reverse("matching:overview"), "order": 30})
    if access.has_role(user, Role.Kind.VOLUNTEER, Role.Kind.CITIZEN, Role.Kind.ASSOCIATION_REP):
        entries.append({"label": _("Mine aftaler"), "url": reverse("matching:mine"), "order": 20})
    return entries
