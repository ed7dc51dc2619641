"""A council member edits their own council's membership, and only theirs."""

import pytest
from django.urls import reverse

from community.models import AuditEntry, Role
from community.tests.factories import (
    LocalCouncilFactory,
    UserFactory,
    administrator,
    council_member,
)

pytestmark = pytest.mark.django_db


def members(council) -> dict[str, str]:
    return dict(
        Role.objects.filter(kind=Role.Kind.COUNCIL_MEMBER, council=council).values_list(
            "user__email", "title"
        )
    )


def test_a_member_adds_a_colleague_by_email_with_a_title_and_it_is_logged(client):
    council = LocalCouncilFactory()
    chair = council_member(council, email="formand@example.dk")
    UserFactory(email="ny@example.dk")
    client.force_login(chair)
    response = client.post(
        reverse("localareas:council-member-add", args=[council.slug]),
        {"ny-email": "NY@example.dk", "ny-title": "kasserer"},
    )
    assert response.status_code == 302
    assert members(council)["ny@example.dk"] == "kasserer"
    assert AuditEntry.objects.filter(action="council.member_added").exists()
    page = client.get(reverse("localareas:council-edit", args=[council.slug]))
    assert "ny@example.dk" in page.text


def test_an_unknown_email_gets_a_plain_message_and_nothing_changes(client):
    council = LocalCouncilFactory()
    client.force_login(council_member(council))
    page = client.post(
        reverse("localareas:council-member-add", args=[council.slug]),
        {"ny-email": "ukendt@example.dk", "ny-title": "medlem"},
    )
    assert page.status_code == 400 and "Bed personen oprette en konto" in page.text
    assert len(members(council)) == 1


def test_the_last_member_cannot_be_removed_but_others_can_and_titles_change(client):
    council = LocalCouncilFactory()
    chair = council_member(council, email="formand@example.dk")
    other = council_member(council, email="medlem@example.dk")
    client.force_login(chair)
    other_role = Role.objects.get(user=other, council=council)
    client.post(
        reverse("localareas:council-member-title", args=[council.slug, other_role.pk]),
        {f"m{other_role.pk}-title": "naestformand"},
    )
    assert members(council)["medlem@example.dk"] == "naestformand"
    client.post(reverse("localareas:council-member-remove", args=[council.slug, other_role.pk]))
    assert list(members(council)) == ["formand@example.dk"]
    own_role = Role.objects.get(user=chair, council=council)
    page = client.post(
        reverse("localareas:council-member-remove", args=[council.slug, own_role.pk]), follow=True
    )
    assert "mindst ét medlem" in page.text and list(members(council)) == ["formand@example.dk"]


def test_a_member_cannot_touch_another_councils_membership(client):
    ours, theirs = LocalCouncilFactory(), LocalCouncilFactory()
    client.force_login(council_member(ours))
    their_member = council_member(theirs)
    role = Role.objects.get(user=their_member)
    UserFactory(email="ny@example.dk")
    assert (
        client.post(
            reverse("localareas:council-member-add", args=[theirs.slug]),
            {"ny-email": "ny@example.dk", "ny-title": "medlem"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("localareas:council-member-remove", args=[theirs.slug, role.pk])
        ).status_code
        == 403
    )
    # A role of another council cannot be reached through one's own council's address either.
    assert (
        client.post(
            reverse("localareas:council-member-remove", args=[ours.slug, role.pk])
        ).status_code
        == 404
    )
    assert len(members(theirs)) == 1


def test_an_administrator_deletes_a_council_with_members_and_each_removal_is_logged(client):
    council = LocalCouncilFactory(name="Lokalrådet i Stouby")
    member = council_member(council)
    client.force_login(administrator())
    response = client.post(
        reverse("admin:localareas_localcouncil_delete", args=[council.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Role.objects.filter(user=member, kind=Role.Kind.COUNCIL_MEMBER).exists()
    assert AuditEntry.objects.filter(action="admin.deleted", object_type="community.role").exists()
    assert AuditEntry.objects.filter(
        action="admin.deleted",
        object_type="localareas.localcouncil",
        object_repr="Lokalrådet i Stouby",
    ).exists()
