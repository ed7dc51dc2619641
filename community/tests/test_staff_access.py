import pytest
from django.urls import reverse

from community.models import AuditEntry, Role
from community.tests.factories import (
    BuildingFactory,
    UserFactory,
    administrator,
    coordinator,
    core_task,
    with_role,
)

pytestmark = pytest.mark.django_db


def test_staff_without_two_factor_login_are_sent_to_set_it_up(client):
    carl = with_role(UserFactory(), Role.Kind.COORDINATOR, core_task=core_task("laering"))
    client.force_login(carl)
    response = client.get(reverse("community:citizen-list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up pages themselves stay reachable (allauth first asks for the password again).
    final = client.get(reverse("mfa_activate_totp"), follow=True)
    assert final.status_code == 200
    assert final.redirect_chain[-1][0].startswith("/accounts/")


def test_a_citizen_needs_no_two_factor_login(client):
    client.force_login(with_role(UserFactory(), Role.Kind.CITIZEN))
    assert client.get(reverse("community:home")).status_code == 200


def test_only_administrators_use_the_admin(client):
    client.force_login(coordinator())
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(administrator())
    assert client.get(reverse("admin:index")).status_code == 200


def test_administrators_can_search_the_audit_log_and_others_cannot(client):
    reader = coordinator(email="reader@example.dk")
    AuditEntry.objects.create(
        actor=reader,
        actor_label=reader.email,
        action="citizen.read",
        object_id="7",
        purpose="matching",
    )
    client.force_login(reader)
    assert client.get(reverse("community:audit-list")).status_code == 403
    client.force_login(administrator())
    response = client.get(reverse("community:audit-list"), {"q": "reader@"})
    assert response.status_code == 200
    assert "citizen.read" in response.text
    assert (
        client.get(reverse("admin:community_auditentry_changelist"), {"q": "reader"}).status_code
        == 200
    )


def test_edits_in_the_admin_are_audited_with_the_user_who_made_them(client):
    ada = administrator(email="ada@example.dk")
    client.force_login(ada)
    response = client.post(
        reverse("admin:community_coretask_change", args=[1]),
        {
            "name_da": "Fritid og Fællesskab",
            "name_en": "Leisure",
            "slug": "fritid-faellesskab",
            "order": 0,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(
        action="admin.changed", object_type="community.coretask"
    ).latest("id")
    assert entry.actor == ada and entry.object_repr == "Fritid og Fællesskab"
    assert "Navn (dansk)" in entry.data["fields"]


def test_a_deletion_in_the_admin_is_audited_and_a_save_outside_it_writes_no_generic_entry(client):
    building = BuildingFactory(name="Gammel hal")
    building.description = "Saved by code, not by a person in the admin"
    building.save()
    assert not AuditEntry.objects.filter(object_type="bookings.building").exists()
    ada = administrator()
    client.force_login(ada)
    response = client.post(
        reverse("admin:bookings_building_delete", args=[building.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.deleted", object_type="bookings.building")
    assert entry.actor == ada and entry.object_repr == "Gammel hal"


def test_pages_refuse_to_be_framed(client):
    response = client.get(reverse("community:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
