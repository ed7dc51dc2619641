"""Navigation entries of the bookings app, shown by role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community import access
from community.access import bookings as booking_access


def items(request) -> list[dict]:
    """Rooms for everyone; own bookings when logged in; approvals and utilisation for staff."""
    user = request.user
    entries = [{"label": _("Find lokale"), "url": reverse("bookings:room-search"), "order": 20}]
    if user.is_authenticated:
        entries.append(
            {"label": _("Mine bookinger"), "url": reverse("bookings:booking-list"), "order": 21}
        )
    if access.is_admin(user) or access.area_ids(user):
        entries.append(
            {
                "label": _("Godkend bookinger"),
                "url": reverse("bookings:approval-queue"),
                "order": 85,
            }
        )
    if booking_access.can_view_utilisation(user):
        entries.append(
            {"label": _("Lokaleudnyttelse"), "url": reverse("bookings:utilisation"), "order": 86}
        )
    return entries
