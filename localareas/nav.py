"""Navigation entries of the local areas app."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.access import localareas as area_access


def items(request) -> list[dict]:
    entries = [{"label": _("Lokalområder"), "url": reverse("localareas:area-list"), "order": 25}]
    if area_access.can_see_assignments(request.user):
        entries.append(
            {"label": _("Playmakere"), "url": reverse("localareas:assignments"), "order": 65}
        )
    if area_access.can_use_workspace(request.user):
        entries.append(
            {"label": _("Arbejdsrum"), "url": reverse("localareas:workspace"), "order": 64}
        )
    elif area_access.can_see_meetings(request.user):
        entries.append(
            {
                "label": _("Koordineringsmøder"),
                "url": reverse("localareas:meeting-list"),
                "order": 64,
            }
        )
    return entries
