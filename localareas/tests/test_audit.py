"""Every change a localareas service makes leaves an audit entry naming who made it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from community.models import AuditEntry
from community.tests.factories import (
    LocalCouncilFactory,
    council_member,
)
from localareas import services
from localareas.models import AreaResource, ContactLogEntry
from localareas.tests.conftest import post_council_page

pytestmark = pytest.mark.django_db


def entry(action, obj):
    """The one audit entry of this action about this object."""
    return AuditEntry.objects.get(
        action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    )


def resource(area, actor):
    return services.resource_create(
        area=area, fields={"kind": "business", "name": "Købmanden"}, actor=actor
    )


def test_a_council_page_edit_is_logged_with_its_editor(client):
    council = LocalCouncilFactory()
    chair = council_member(council, email="formand@example.dk")
    client.force_login(chair)
    response = post_council_page(client, council, description="Vi mødes hver måned.")
    assert response.status_code == 302
    logged = entry("council.updated", council)
    assert logged.actor == chair
    assert logged.data["fields"] == ["description", "email", "phone", "website"]


def test_creating_changing_and_verifying_a_resource_are_logged(alice, juelsminde):
    made = resource(juelsminde, alice)
    assert entry("localareas.resource_created", made).actor == alice
    services.resource_update(resource=made, fields={"role": "Sponsor"}, actor=alice)
    assert entry("localareas.resource_updated", made).data == {"fields": ["role"]}
    services.resource_verify(resource=made, actor=alice)
    assert entry("localareas.resource_verified", made).actor == alice


def test_a_refused_resource_change_leaves_no_entry(alice, juelsminde):
    made = resource(juelsminde, alice)
    with pytest.raises(ValidationError):
        services.resource_update(resource=made, fields={"name": ""}, actor=alice)
    assert not AuditEntry.objects.filter(action="localareas.resource_updated").exists()
    assert AreaResource.objects.get(pk=made.pk).name == "Købmanden"


def test_a_contact_and_its_follow_up_are_logged_without_what_was_said(alice, juelsminde):
    made = resource(juelsminde, alice)
    contact = services.contact_log_add(
        area=juelsminde,
        fields={
            "resource": made,
            "contacted_on": date(2026, 11, 30),
            "spoke_with": "Hanne Købmand",
            "channel": ContactLogEntry.Channel.PHONE,
            "summary": "Vil gerne sponsere byfesten.",
            "follow_up_on": date(2026, 12, 14),
        },
        actor=alice,
    )
    logged = entry("localareas.contact_logged", contact)
    assert logged.actor == alice
    assert logged.data == {"area": juelsminde.pk, "resource": made.pk}
    services.contact_follow_up_done(entry=contact, actor=alice)
    assert entry("localareas.contact_followed_up", contact).actor == alice


def test_a_project_is_logged_when_made_and_when_changed(alice, juelsminde):
    fields = {"title": "Fælles have", "goal": "Flere mødes i haven."}
    project = services.project_save(
        fields=fields, areas=[juelsminde], actor=alice, allowed_area_ids={juelsminde.pk}
    )
    assert entry("localareas.project_created", project).data["areas"] == [juelsminde.pk]
    services.project_save(
        project=project,
        fields=fields | {"title": "Den fælles have"},
        areas=[juelsminde],
        actor=alice,
        allowed_area_ids={juelsminde.pk},
    )
    assert entry("localareas.project_updated", project).actor == alice


def test_a_meeting_is_logged_when_held_and_when_its_minutes_change(alice):
    fields = {"held_on": date(2026, 12, 1), "place": "Rådhuset", "agenda": "1. Årsmøder"}
    meeting = services.meeting_save(
        fields=fields, attendees=[alice], decisions=[{"text": "Skabelon"}], actor=alice
    )
    created = entry("localareas.meeting_created", meeting)
    assert created.data == {"decisions": 1, "attendees": [alice.pk]}
    services.meeting_save(
        meeting=meeting, fields=fields | {"notes": "Godt møde."}, decisions=[], actor=alice
    )
    assert entry("localareas.meeting_updated", meeting).data["decisions"] == 0


def test_a_deleted_resource_keeps_its_entry(alice, juelsminde):
    made = resource(juelsminde, alice)
    pk = made.pk
    services.resource_delete(resource=made, actor=alice)
    assert AuditEntry.objects.filter(
        action="localareas.resource_deleted", object_id=str(pk), actor=alice
    ).exists()
