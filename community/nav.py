"""Navigation entries of the platform core, shown by role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community import access


def items(request) -> list[dict]:
    user = request.user
    entries = []
    if user.is_authenticated:
        entries.append(
            {"label": _("Mine oplysninger"), "url": reverse("community:my-data"), "order": 98}
        )
    if access.core_task_ids(user) or access.area_ids(user):
        entries.append(
            {"label": _("Borgere"), "url": reverse("community:citizen-list"), "order": 40}
        )
    if access.is_admin(user):
        entries.append(
            {"label": _("Revisionslog"), "url": reverse("community:audit-list"), "order": 90}
        )
        entries.append({"label": _("Administration"), "url": reverse("admin:index"), "order": 95})
    return entries
