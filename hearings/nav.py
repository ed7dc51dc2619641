"""Navigation entries of the hearings module."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.access import hearings as hearing_access


def items(request) -> list[dict]:
    entries = [{"label": _("Høringer"), "url": reverse("hearings:list"), "order": 45}]
    if hearing_access.can_open_hearings(request.user):
        entries.append(
            {"label": _("Mine høringer"), "url": reverse("hearings:manage"), "order": 46}
        )
    return entries
