"""What the playmakers' workspace holds about a person, for "Mine oplysninger".

A resource is matched to the person by e-mail address: resources are written down by playmakers, not
linked to accounts, and the address is what the person gave them.
"""

from django.utils.translation import gettext as _

from community.personal_data import Section, record
from localareas.models import AreaResource, ContactLogEntry, CoordinationMeeting, MeetingDecision


def sections(user) -> list[Section]:
    resources = list(
        AreaResource.objects.filter(email__iexact=user.email)
        .select_related("area", "association")
        .prefetch_related("core_tasks")
    )
    contacts = ContactLogEntry.objects.filter(resource__in=resources).select_related(
        "area", "resource"
    )
    meetings = CoordinationMeeting.objects.filter(attendees=user)
    decisions = MeetingDecision.objects.filter(owner=user).select_related("meeting")
    return [
        Section(
            "area_resources",
            _("Det ved lokalområdets playmaker om dig"),
            [record(r, exclude=("verified_by",)) for r in resources],
        ),
        Section(
            "area_contacts",
            _("Samtaler, playmakeren har skrevet ned"),
            [record(c, exclude=("created_by",)) for c in contacts],
        ),
        Section(
            "coordination_meetings",
            _("Koordineringsmøder, du deltog i"),
            [record(m, exclude=("created_by", "attendees", "notes", "agenda")) for m in meetings],
        ),
        Section(
            "meeting_decisions",
            _("Beslutninger, du er ansvarlig for"),
            [record(d, exclude=("owner",)) for d in decisions],
        ),
    ]
