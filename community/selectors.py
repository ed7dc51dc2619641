"""Reads of the platform core that a view should not write itself."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from community import access
from community.discovery import app_modules


def search_citizens(user, query: str) -> QuerySet:
    """The citizens the user works with whose name holds every word typed: "anna jen" finds Anna Jensen."""
    citizens = access.citizens_visible_to(user).select_related("local_area")
    for word in query.split():
        citizens = citizens.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return citizens.order_by("last_name", "first_name")


def citizen_sections(user, citizen) -> list[dict]:
    """What the apps hold about a citizen that this user may see, for the citizen's page.

    Each app with a `citizen_page.py` gives `sections(user, citizen)`: a list of
    `{"title": ..., "template": ..., **context}` rendered below the citizen's own details.
    """
    return [
        section
        for module in app_modules("citizen_page")
        for section in module.sections(user, citizen)
    ]
