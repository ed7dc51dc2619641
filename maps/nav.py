"""Navigation entries of the maps app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community import access


def items(request) -> list[dict]:
    entries = [{"label": _("Kort over udeliv"), "url": reverse("maps:map"), "order": 20}]
    user = request.user
    if access.is_admin(user) or access.area_ids(user) or access.association_ids(user):
        entries.append(
            {"label": _("Problemmeldinger"), "url": reverse("maps:problem-list"), "order": 60}
        )
    return entries
