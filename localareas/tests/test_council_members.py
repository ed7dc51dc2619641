"""A council member edits their own council's membership, and only theirs."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from community.models import AuditEntry, Role
from community.tests.factories import (
    LocalAreaFactory,
    LocalCouncilFactory,
    UserFactory,
    administrator,
    council_member,
)
from localareas.models import CouncilInvitation

pytestmark = pytest.mark.django_db


def members(council) -> dict[str, str]:
    return dict(
        Role.objects.filter(kind=Role.Kind.COUNCIL_MEMBER, council=council).values_list(
            "user__email", "title"
        )
    )


def invitation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/invitation/\S+/)", message.body).group(1)


def invite(client, council, email, title="kasserer"):
    return client.post(
        reverse("localareas:council-member-add", args=[council.slug]),
        {"ny-email": email, "ny-title": title},
        follow=True,
    )


def test_an_invited_person_is_shown_only_after_she_accepts_through_the_mailed_link(client):
    area = LocalAreaFactory(name="Stouby", slug="stouby")
    council = LocalCouncilFactory(areas=[area])
    chair = council_member(council, email="formand@example.dk")
    ny = UserFactory(email="ny@example.dk", first_name="Nanna", last_name="Ny")
    client.force_login(chair)
    page = invite(client, council, "NY@example.dk")
    assert "Vi har sendt en invitation til" in page.text
    assert "ny@example.dk" not in members(council)
    assert "Nanna" not in client.get(reverse("localareas:area-detail", args=["stouby"])).text
    assert "ny@example.dk" in page.text  # listed as a pending invitation
    assert mail.outbox[0].to == ["ny@example.dk"]
    assert AuditEntry.objects.filter(action="council.member_invited").exists()

    path = invitation_path(mail.outbox[0])
    client.force_login(ny)
    question = client.get(path)
    assert question.status_code == 200 and "Ja, jeg vil være medlem" in question.text
    client.get(path)
    assert "ny@example.dk" not in members(council)
    accepted = client.post(path, follow=True)
    assert "Du er nu medlem" in accepted.text and "Nanna Ny" in accepted.text
    assert members(council)["ny@example.dk"] == "kasserer"
    assert AuditEntry.objects.filter(action="council.member_added", actor=ny).exists()
    assert client.get(path).status_code == 400


def test_the_adder_gets_the_same_answer_whether_or_not_the_address_has_an_account(client):
    council = LocalCouncilFactory()
    client.force_login(council_member(council))
    UserFactory(email="kendt@example.dk")
    known = invite(client, council, "kendt@example.dk")
    unknown = invite(client, council, "ukendt@example.dk")
    assert known.status_code == unknown.status_code == 200
    said = lambda page, email: [  # noqa: E731
        str(m).replace(email, "X") for m in page.context["messages"]
    ]
    assert said(known, "kendt@example.dk") == said(unknown, "ukendt@example.dk")
    assert [m.to for m in mail.outbox] == [["kendt@example.dk"], ["ukendt@example.dk"]]
    assert len(members(council)) == 1


def test_someone_without_an_account_is_led_to_log_in_and_another_account_cannot_accept(client):
    council = LocalCouncilFactory()
    client.force_login(council_member(council))
    invite(client, council, "ukendt@example.dk")
    path = invitation_path(mail.outbox[0])
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Opret en konto" in page.text
    assert client.post(path).status_code == 302
    client.force_login(UserFactory(email="anden@example.dk"))
    assert "logget ind med en anden e-mail" in client.get(path).text
    assert client.post(path).status_code == 400
    assert "anden@example.dk" not in members(council)
    client.force_login(UserFactory(email="ukendt@example.dk"))
    client.post(path)
    assert "ukendt@example.dk" in members(council)


def test_a_withdrawn_or_forged_invitation_link_says_so(client):
    council = LocalCouncilFactory()
    client.force_login(council_member(council))
    invite(client, council, "ny@example.dk")
    invitation = CouncilInvitation.objects.get()
    page = client.get(reverse("localareas:council-edit", args=[council.slug]))
    assert "Træk tilbage" in page.text
    client.post(
        reverse("localareas:council-invitation-withdraw", args=[council.slug, invitation.pk])
    )
    assert not CouncilInvitation.objects.exists()
    assert AuditEntry.objects.filter(action="council.invitation_withdrawn").exists()
    client.force_login(UserFactory(email="ny@example.dk"))
    for path in (invitation_path(mail.outbox[0]), invitation_path(mail.outbox[0])[:-3] + "x/"):
        assert client.get(path).status_code == 400
        page = client.post(path)
        assert page.status_code == 400 and "Linket virker ikke" in page.text
    assert "ny@example.dk" not in members(council)


def test_the_title_list_starts_empty_and_a_title_is_optional(client):
    council = LocalCouncilFactory()
    client.force_login(council_member(council))
    page = client.get(reverse("localareas:council-edit", args=[council.slug]))
    select = re.sub(
        r"\s+", " ", re.search(r'<select name="ny-title".*?</select>', page.text, re.S).group(0)
    )
    assert '<option value="" selected >Ingen titel</option>' in select
    invite(client, council, "ny@example.dk", title="")
    assert CouncilInvitation.objects.get().title == ""


def test_the_invitation_is_mailed_in_the_language_the_person_chose(client):
    from volunteers.models import NotificationPreference

    council = LocalCouncilFactory()
    client.force_login(council_member(council))
    english = UserFactory(email="english@example.dk")
    NotificationPreference.objects.create(user=english, language="en")
    invite(client, council, "english@example.dk")
    invite(client, council, "dansk@example.dk")
    assert "invited" in mail.outbox[0].body and "inviteret" in mail.outbox[1].body


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
