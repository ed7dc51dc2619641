"""Navigation entries of the volunteer module, shown by role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community import access
from community.models import Role


def items(request) -> list[dict]:
    user = request.user
    entries = [
        {"label": _("Frivilligopgaver"), "url": reverse("volunteers:opportunity-list"), "order": 40}
    ]
    if access.core_task_ids(user):
        entries.append(
            {"label": _("Frivilligoverblik"), "url": reverse("volunteers:dashboard"), "order": 25}
        )
    if access.association_ids(user):
        entries.append(
            {
                "label": _("Mine frivilligopgaver"),
                "url": reverse("volunteers:opportunity-mine"),
                "order": 41,
            }
        )
    if access.has_role(user, Role.Kind.VOLUNTEER):
        entries.append(
            {"label": _("Mig som frivillig"), "url": reverse("volunteers:mine"), "order": 21}
        )
    return entries
