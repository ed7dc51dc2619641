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
    return entries + booking_items(request)


def booking_items(request) -> list[dict]:
    """Rooms for everyone; own bookings when logged in; approvals and utilisation for staff."""
    from community.access import bookings as booking_access

    user = request.user
    entries = [{"label": _("Find lokale"), "url": reverse("community:room-search"), "order": 20}]
    if user.is_authenticated:
        entries.append(
            {"label": _("Mine bookinger"), "url": reverse("community:booking-list"), "order": 21}
        )
    if access.is_admin(user) or access.area_ids(user):
        entries.append(
            {
                "label": _("Godkend bookinger"),
                "url": reverse("community:approval-queue"),
                "order": 85,
            }
        )
    if booking_access.can_view_utilisation(user):
        entries.append(
            {"label": _("Lokaleudnyttelse"), "url": reverse("community:utilisation"), "order": 86}
        )
    return entries
