"""Reads of the platform core that a view should not write itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from community import access
from community.audit import CITIZEN_TYPE
from community.discovery import app_modules
from community.models import AuditEntry


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


# The audit actions that are a member of staff seeing a citizen's record or her name in a list.
READ_ACTIONS = ("citizen.read", "citizen.listed", "citizen.exported")


@dataclass
class RecordRead:
    """Who saw a citizen's record on one day and why, told to the citizen herself."""

    day: date
    last_at: datetime
    who: str
    role: str
    why: str
    times: int


def reads_of_own_record(citizen, *, limit: int = 1000) -> list[RecordRead]:
    """Every time staff saw the citizen's record, one line per person, reason and day, newest first.

    Her own look-ups are left out; a person no longer here is "a member of staff".
    """
    entries = (
        AuditEntry.objects.filter(
            object_type=CITIZEN_TYPE, object_id=str(citizen.pk), action__in=READ_ACTIONS
        )
        .exclude(purpose="citizen_request")
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    lines: dict[tuple, RecordRead] = {}
    for entry in entries:
        if citizen.user_id is not None and entry.actor_id == citizen.user_id:
            continue
        at = timezone.localtime(entry.at)
        key = (entry.actor_id, entry.purpose, at.date())
        if key in lines:
            lines[key].times += 1
            continue
        lines[key] = RecordRead(
            day=at.date(),
            last_at=at,
            who=_staff_name(entry.actor),
            role=_staff_role(entry.actor),
            why=str(access.PURPOSE_FOR_CITIZEN.get(entry.purpose, entry.purpose)),
            times=1,
        )
    return list(lines.values())


def _staff_name(actor) -> str:
    if actor is None:
        return gettext("En medarbejder")
    return actor.get_full_name() or gettext("En medarbejder")


def _staff_role(actor) -> str:
    staff = [r for r in access.roles(actor) if r.kind in access.STAFF_KINDS] if actor else []
    return staff[0].get_kind_display() if staff else ""
