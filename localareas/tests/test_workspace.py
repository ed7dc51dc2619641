from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import (
    LocalAreaFactory,
    UserFactory,
    administrator,
    area_contact,
    coordinator,
    core_task,
)
from localareas import selectors, services
from localareas.models import AreaResource, ContactLogEntry, CoordinationMeeting, Project

pytestmark = pytest.mark.django_db


def make_resource(area, name="Borgerforeningen", days_ago=10, **kwargs):
    verified = None if days_ago is None else timezone.localdate() - timedelta(days=days_ago)
    return AreaResource.objects.create(
        area=area,
        kind=kwargs.pop("kind", AreaResource.Kind.ASSOCIATION),
        name=name,
        verified_at=verified,
        **kwargs,
    )


def make_project(area, title="Fælles have", **kwargs):
    project = Project.objects.create(title=title, goal="Flere mødes i haven.", **kwargs)
    project.areas.add(area)
    return project


@pytest.fixture
def uldum():
    return LocalAreaFactory(name="Uldum")


@pytest.fixture
def bob(uldum):
    """Bob is the playmaker of Uldum."""
    return area_contact(uldum, email="bob@example.dk")


# Scope


def test_anonymous_visitors_are_sent_to_the_login_page(client, juelsminde):
    for url in [
        reverse("localareas:workspace"),
        reverse("localareas:workspace-area", args=[juelsminde.slug]),
        reverse("localareas:meeting-list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_citizen_has_no_workspace(client):
    client.force_login(UserFactory())
    assert client.get(reverse("localareas:workspace")).status_code == 403
    assert client.get(reverse("localareas:meeting-list")).status_code == 403


def test_a_playmaker_sees_only_their_own_areas_in_the_workspace(client, alice, juelsminde, uldum):
    make_resource(juelsminde, "Juelsminde Borgerforening")
    make_resource(uldum, "Uldum Højskole")
    client.force_login(alice)
    body = client.get(reverse("localareas:workspace")).content.decode()
    assert "Juelsminde" in body and "Uldum" not in body
    response = client.get(reverse("localareas:workspace-area", args=[juelsminde.slug]))
    assert response.status_code == 200
    assert "Juelsminde Borgerforening" in response.content.decode()
    assert "Uldum Højskole" not in response.content.decode()


def test_a_playmaker_cannot_open_another_areas_workspace(client, alice, uldum):
    client.force_login(alice)
    assert client.get(reverse("localareas:workspace-area", args=[uldum.slug])).status_code == 404
    response = client.get(reverse("localareas:resource-create", args=[uldum.slug]))
    assert response.status_code == 404
    response = client.get(reverse("localareas:contact-create", args=[uldum.slug]))
    assert response.status_code == 404


def test_a_playmaker_cannot_edit_or_verify_another_areas_resource(client, alice, bob, uldum):
    resource = make_resource(uldum, "Uldum Højskole", days_ago=400)
    client.force_login(alice)
    response = client.post(
        reverse("localareas:resource-edit", args=[resource.pk]),
        {"kind": "venue", "name": "Overtaget"},
    )
    assert response.status_code == 404
    response = client.post(reverse("localareas:resource-verify", args=[resource.pk]))
    assert response.status_code == 404
    resource.refresh_from_db()
    assert resource.name == "Uldum Højskole"
    assert resource.needs_verification()


def test_a_playmaker_cannot_see_or_edit_another_areas_project(client, alice, uldum):
    project = make_project(uldum, "Uldum Løbeklub")
    client.force_login(alice)
    assert client.get(reverse("localareas:project-edit", args=[project.pk])).status_code == 404
    response = client.post(
        reverse("localareas:project-edit", args=[project.pk]),
        {"title": "Overtaget", "goal": "x", "status": "idea"},
    )
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.title == "Uldum Løbeklub"


def test_a_playmaker_cannot_put_a_project_in_another_area(client, alice, juelsminde, uldum):
    client.force_login(alice)
    response = client.post(
        reverse("localareas:project-create"),
        {"title": "Snigeprojekt", "goal": "x", "status": "idea", "areas": [uldum.pk]},
    )
    assert response.status_code == 200
    assert not Project.objects.filter(title="Snigeprojekt").exists()


def test_editing_a_shared_project_keeps_a_colleagues_area(client, alice, bob, juelsminde, uldum):
    project = make_project(juelsminde, "Fælles sti")
    project.areas.add(uldum)
    school = make_resource(uldum, "Uldum Skole")
    project.partner_resources.add(school)
    client.force_login(alice)
    response = client.post(
        reverse("localareas:project-edit", args=[project.pk]),
        {"title": "Fælles sti", "goal": "En sti.", "status": "running", "areas": [juelsminde.pk]},
    )
    assert response.status_code == 302
    assert set(project.areas.values_list("pk", flat=True)) == {juelsminde.pk, uldum.pk}
    assert list(project.partner_resources.all()) == [school]


def test_an_administrator_sees_every_area_and_can_filter(client, juelsminde, uldum):
    make_resource(uldum, "Uldum Højskole", days_ago=None)
    client.force_login(administrator())
    body = client.get(reverse("localareas:workspace")).content.decode()
    assert "Juelsminde" in body and "Uldum" in body
    body = client.get(reverse("localareas:workspace") + f"?omraade={uldum.slug}").content.decode()
    assert f'value="{uldum.slug}" selected' in body
    assert "1 ressource er ikke bekræftet i 12 måneder" in body
    response = client.get(reverse("localareas:workspace-area", args=[uldum.slug]))
    assert response.status_code == 200


# The 12-month alert


def test_a_resource_verified_366_days_ago_is_flagged_and_364_days_ago_is_not(alice, juelsminde):
    old = make_resource(juelsminde, "Gammel viden", days_ago=366)
    fresh = make_resource(juelsminde, "Frisk viden", days_ago=364)
    never = make_resource(juelsminde, "Aldrig tjekket", days_ago=None)
    assert old.needs_verification() and never.needs_verification()
    assert not fresh.needs_verification()
    overview = selectors.workspace_overview(alice)
    assert overview["stale_total"] == 2
    assert overview["rows"][0]["stale"] == 2
    assert {r.name for r in overview["stale_resources"]} == {"Gammel viden", "Aldrig tjekket"}


def test_the_workspace_warns_about_stale_resources_per_area(client, alice, juelsminde):
    make_resource(juelsminde, "Gammel viden", days_ago=366)
    client.force_login(alice)
    body = client.get(reverse("localareas:workspace")).content.decode()
    assert "1 ressource er ikke bekræftet i 12 måneder" in body
    assert "Gammel viden" in body


def test_verifying_a_resource_clears_the_alert(client, alice, juelsminde):
    resource = make_resource(juelsminde, "Gammel viden", days_ago=400)
    client.force_login(alice)
    response = client.post(reverse("localareas:resource-verify", args=[resource.pk]))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.verified_at == timezone.localdate()
    assert resource.verified_by == alice
    assert not resource.needs_verification()
    assert selectors.workspace_overview(alice)["stale_total"] == 0
    assert AuditEntry.objects.filter(action="localareas.resource_verified").exists()


def test_after_verifying_the_playmaker_returns_to_where_she_came_from_but_never_off_site(
    client, alice, juelsminde
):
    resource = make_resource(juelsminde, days_ago=400)
    client.force_login(alice)
    url = reverse("localareas:resource-verify", args=[resource.pk])
    area_page = reverse("localareas:workspace-area", args=[juelsminde.slug])
    assert client.post(url)["Location"] == area_page
    assert client.post(url, {"next": "/arbejdsrum/"})["Location"] == "/arbejdsrum/"
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == area_page


def test_verify_only_accepts_post(client, alice, juelsminde):
    resource = make_resource(juelsminde, days_ago=400)
    client.force_login(alice)
    assert client.get(reverse("localareas:resource-verify", args=[resource.pk])).status_code == 405


# Resources, contact log, projects


def test_a_playmaker_adds_a_resource_that_counts_as_verified_today(client, alice, juelsminde):
    client.force_login(alice)
    response = client.post(
        reverse("localareas:resource-create", args=[juelsminde.slug]),
        {
            "kind": "business",
            "name": "Juelsminde Købmand",
            "role": "Sponsor af byfesten",
            "email": "kob@example.dk",
            "core_tasks": [core_task("fritid-faellesskab").pk],
        },
    )
    assert response.status_code == 302
    resource = AreaResource.objects.get(name="Juelsminde Købmand")
    assert resource.area == juelsminde
    assert resource.verified_at == timezone.localdate()
    assert list(resource.core_tasks.values_list("slug", flat=True)) == ["fritid-faellesskab"]


def test_a_follow_up_that_is_due_shows_as_an_alert(client, alice, juelsminde):
    resource = make_resource(juelsminde)
    client.force_login(alice)
    today = timezone.localdate()
    response = client.post(
        reverse("localareas:contact-create", args=[juelsminde.slug]),
        {
            "contacted_on": today.isoformat(),
            "resource": resource.pk,
            "spoke_with": "Formanden",
            "channel": "phone",
            "summary": "Vil gerne låne hallen.",
            "follow_up_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    entry = ContactLogEntry.objects.get()
    assert entry.created_by == alice and entry.resource == resource
    body = client.get(reverse("localareas:workspace")).content.decode()
    assert "1 opfølgning skal laves" in body
    client.post(reverse("localareas:contact-follow-up-done", args=[entry.pk]))
    assert (
        "opfølgning skal laves" not in client.get(reverse("localareas:workspace")).content.decode()
    )


def test_a_contact_date_in_the_future_or_a_follow_up_before_it_is_refused_at_the_field(
    client, alice, juelsminde
):
    client.force_login(alice)
    today = timezone.localdate()
    url = reverse("localareas:contact-create", args=[juelsminde.slug])
    data = {"spoke_with": "Formanden", "channel": "phone", "summary": "Om hallen."}
    page = client.post(
        url, {**data, "contacted_on": (today + timedelta(days=1)).isoformat(), "follow_up_on": ""}
    )
    assert page.status_code == 200
    assert page.context["form"].errors == {
        "contacted_on": ["Datoen for samtalen kan ikke ligge i fremtiden."]
    }
    page = client.post(
        url,
        {
            **data,
            "contacted_on": today.isoformat(),
            "follow_up_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert page.context["form"].errors == {
        "follow_up_on": ["Opfølgningen kan ikke ligge før samtalen."]
    }
    assert "Opfølgningen kan ikke ligge før samtalen." in page.text
    assert not ContactLogEntry.objects.exists()


def test_a_contact_log_entry_cannot_point_at_another_areas_resource(alice, juelsminde, uldum):
    other = make_resource(uldum)
    with pytest.raises(ValidationError):
        services.contact_log_add(
            area=juelsminde,
            fields={
                "contacted_on": timezone.localdate(),
                "resource": other,
                "spoke_with": "x",
                "channel": "phone",
                "summary": "x",
            },
            actor=alice,
        )


def test_a_project_made_public_appears_on_the_area_page(client, alice, juelsminde):
    client.force_login(alice)
    response = client.post(
        reverse("localareas:project-create"),
        {
            "title": "Shelter ved stranden",
            "goal": "Et shelter, som skolen og spejderne bygger sammen.",
            "status": "planned",
            "areas": [juelsminde.pk],
            "core_tasks": [core_task("fritid-faellesskab").pk],
            "next_step": "Møde med spejderne",
        },
        follow=True,
    )
    assert response.redirect_chain
    project = Project.objects.get(title="Shelter ved stranden")
    area_url = reverse("localareas:area-detail", args=[juelsminde.slug])
    assert "Shelter ved stranden" not in client.get(area_url).content.decode()
    client.post(
        reverse("localareas:project-edit", args=[project.pk]),
        {
            "title": project.title,
            "goal": project.goal,
            "status": "running",
            "areas": [juelsminde.pk],
            "is_public": "on",
        },
    )
    project.refresh_from_db()
    assert project.is_public
    client.logout()
    body = client.get(area_url).content.decode()
    assert "Shelter ved stranden" in body and "I gang" in body


# Coordination meetings


def test_meeting_decisions_are_saved_as_rows(client, alice, bob):
    client.force_login(alice)
    response = client.post(
        reverse("localareas:meeting-create"),
        {
            "held_on": "2026-12-01",
            "place": "Rådhuset, mødelokale 2",
            "agenda": "1. Lokalrådenes årsmøder\n2. Fælles projekter",
            "notes": "Godt møde.",
            "attendees": [alice.pk, bob.pk],
            "beslutning-TOTAL_FORMS": "3",
            "beslutning-INITIAL_FORMS": "0",
            "beslutning-0-text": "Fælles skabelon til årsmøder",
            "beslutning-0-owner": bob.pk,
            "beslutning-0-due_on": "2027-01-15",
            "beslutning-1-text": "Kort over shelters til alle lokalråd",
            "beslutning-1-owner": "",
            "beslutning-1-due_on": "",
            "beslutning-2-text": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting = CoordinationMeeting.objects.get()
    assert set(meeting.attendees.all()) == {alice, bob}
    decisions = list(meeting.decisions.order_by("pk"))
    assert [d.text for d in decisions] == [
        "Fælles skabelon til årsmøder",
        "Kort over shelters til alle lokalråd",
    ]
    assert decisions[0].owner == bob and str(decisions[0].due_on) == "2027-01-15"
    body = client.get(reverse("localareas:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Fælles skabelon til årsmøder" in body
    client.force_login(bob)
    body = client.get(reverse("localareas:workspace")).content.decode()
    assert "Dine opgaver fra koordineringsmøderne" in body
    assert "Fælles skabelon til årsmøder" in body
    assert "Kort over shelters til alle lokalråd" not in body


def test_every_playmaker_sees_every_meeting_and_coordinators_only_read(client, alice, bob):
    today = timezone.localdate()
    CoordinationMeeting.objects.create(held_on=today + timedelta(days=7), place="Uldum", agenda="a")
    CoordinationMeeting.objects.create(
        held_on=today - timedelta(days=7), place="Tørring", agenda="b"
    )
    client.force_login(bob)
    body = client.get(reverse("localareas:meeting-list")).content.decode()
    assert "Kommende møder" in body and "Tidligere møder" in body
    assert "Uldum" in body and "Tørring" in body
    client.force_login(coordinator())
    assert client.get(reverse("localareas:meeting-list")).status_code == 200
    assert client.get(reverse("localareas:meeting-create")).status_code == 403


def test_the_workspace_overview_runs_a_fixed_number_of_queries(
    client, alice, juelsminde, django_assert_max_num_queries
):
    client.force_login(alice)
    client.get(reverse("localareas:workspace"))
    for i in range(10):
        make_resource(juelsminde, f"R{i}", days_ago=400 + i)
        ContactLogEntry.objects.create(
            area=juelsminde,
            contacted_on=timezone.localdate(),
            spoke_with="x",
            summary="y",
            follow_up_on=timezone.localdate(),
        )
        make_project(juelsminde, f"P{i}")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("localareas:workspace")).status_code == 200
    with django_assert_max_num_queries(25):
        response = client.get(reverse("localareas:workspace-area", args=[juelsminde.slug]))
        assert response.status_code == 200


def test_the_workspace_speaks_english_on_request(client, alice, juelsminde, settings):
    make_resource(juelsminde, "Gammel viden", days_ago=400)
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("localareas:workspace")).content.decode()
    assert "Workspace for playmakers" in body
    assert "1 resource has not been confirmed for 12 months" in body


def test_my_data_shows_what_a_playmaker_wrote_down_about_me(client, alice, juelsminde):
    inger = UserFactory(email="inger@example.dk")
    resource = make_resource(
        juelsminde, "Inger Madsen", kind=AreaResource.Kind.PERSON, email="Inger@example.dk"
    )
    ContactLogEntry.objects.create(
        area=juelsminde,
        resource=resource,
        contacted_on=timezone.localdate(),
        spoke_with="Inger Madsen",
        summary="Vil gerne stå for kaffen.",
    )
    make_resource(juelsminde, "Andre", kind=AreaResource.Kind.PERSON, email="andre@example.dk")
    client.force_login(inger)
    body = client.get(reverse("community:my-data")).content.decode()
    assert "Det ved lokalområdets playmaker om dig" in body
    assert "Inger Madsen" in body and "Vil gerne stå for kaffen." in body
    assert "andre@example.dk" not in body


@pytest.mark.parametrize(
    "model", ["arearesource", "contactlogentry", "project", "coordinationmeeting"]
)
def test_the_workspace_models_are_in_the_admin(client, juelsminde, model):
    make_resource(juelsminde)
    client.force_login(administrator(is_superuser=True))
    for view in ("changelist", "add"):
        response = client.get(reverse(f"admin:localareas_{model}_{view}"))
        assert response.status_code == 200


def test_a_playmaker_deletes_a_resource_of_their_own_area_only(client, alice, juelsminde, uldum):
    mine = make_resource(juelsminde, "Lukket butik")
    theirs = make_resource(uldum, "Uldum Højskole")
    client.force_login(alice)
    assert client.get(reverse("localareas:resource-delete", args=[mine.pk])).status_code == 200
    response = client.post(reverse("localareas:resource-delete", args=[mine.pk]))
    assert response.status_code == 302
    assert not AreaResource.objects.filter(pk=mine.pk).exists()
    assert AuditEntry.objects.filter(action="localareas.resource_deleted").exists()
    response = client.post(reverse("localareas:resource-delete", args=[theirs.pk]))
    assert response.status_code == 404
    assert AreaResource.objects.filter(pk=theirs.pk).exists()
