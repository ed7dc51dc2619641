import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.access import localareas as area_access
from community.tests.factories import (
    LocalAreaFactory,
    LocalCouncilFactory,
    UserFactory,
    administrator,
    area_contact,
    core_task,
    council_member,
)
from localareas.models import Project
from localareas.tests.conftest import post_council_page

pytestmark = pytest.mark.django_db


def test_the_area_list_links_to_every_area(client, hedensted_areas):
    response = client.get(reverse("localareas:area-list"))
    assert response.status_code == 200
    for area in hedensted_areas.values():
        assert reverse("localareas:area-detail", args=[area.slug]) in response.content.decode()


def test_an_area_page_shows_its_council_and_playmaker(client):
    area = LocalAreaFactory(name="Juelsminde", population=4000)
    council = LocalCouncilFactory(name="Juelsminde Lokalråd", email="lokalraad@example.dk")
    council.areas.add(area)
    area_contact(area, email="pm@example.dk")
    response = client.get(reverse("localareas:area-detail", args=[area.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Juelsminde Lokalråd" in body
    assert "lokalraad@example.dk" in body
    assert "pm@example.dk" in body


def test_every_real_area_page_runs_the_same_number_of_queries(client, hedensted_areas):
    from volunteers.tests.factories import VolunteerFactory

    areas = list(hedensted_areas.values())
    busy = areas[:5]
    for i, area in enumerate(busy):
        council = LocalCouncilFactory()
        council.areas.add(area)
        council_member(council)
        council_member(council)
        area_contact(area)
        for _ in range(i + 2):
            VolunteerFactory(local_area=area)
        for j in range(i + 1):
            project = Project.objects.create(
                title=f"Projekt {i}-{j}", goal="Flere mødes.", is_public=j % 2 == 0
            )
            project.areas.add(area)
            project.core_tasks.add(core_task("laering"))
    counts = set()
    client.get(reverse("community:home"))  # the municipality row is read once, then cached
    for area in areas:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("localareas:area-detail", args=[area.slug]))
        assert response.status_code == 200
        counts.add(len(ctx.captured_queries))
    assert len(counts) == 1, counts


def test_a_council_member_may_edit_only_their_own_council():
    own, other = LocalCouncilFactory(), LocalCouncilFactory()
    member = council_member(own)
    assert area_access.can_edit_council(member, own)
    assert not area_access.can_edit_council(member, other)
    assert area_access.can_edit_council(administrator(), other)
    assert not area_access.can_edit_council(UserFactory(), own)


def test_the_assignments_page_warns_about_areas_without_exactly_one_playmaker(client):
    a, b, c = LocalAreaFactory(), LocalAreaFactory(), LocalAreaFactory()
    pm = area_contact(a, b)
    area_contact(b)
    client.force_login(pm)
    response = client.get(reverse("localareas:assignments"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 områder har ikke præcis én playmaker" in body
    assert "ingen playmaker" in body and "mere end én playmaker" in body
    assert c.name in body


def test_a_citizen_may_not_see_the_assignments(client):
    client.force_login(UserFactory())
    assert client.get(reverse("localareas:assignments")).status_code == 403


def test_a_council_member_edits_their_own_council_page(client):
    area = LocalAreaFactory()
    council = LocalCouncilFactory()
    council.areas.add(area)
    client.force_login(council_member(council))
    response = post_council_page(
        client, council, description="Vi mødes hver måned.", email="raad@example.dk"
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.description == "Vi mødes hver måned."


def test_a_council_member_cannot_edit_another_council(client):
    own, other = LocalCouncilFactory(), LocalCouncilFactory(description="Uændret")
    client.force_login(council_member(own))
    response = post_council_page(client, other, description="Overtaget")
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.description == "Uændret"


def test_a_bad_email_on_the_council_page_changes_nothing(client):
    council = LocalCouncilFactory(email="gammel@example.dk")
    client.force_login(council_member(council))
    response = post_council_page(client, council, email="ikke en adresse")
    assert response.status_code == 200
    council.refresh_from_db()
    assert council.email == "gammel@example.dk"


@pytest.mark.parametrize("language, shown", [("da", "4.100"), ("en", "4,100")])
def test_the_inhabitants_are_written_with_a_thousands_separator_on_every_area_page(
    client, language, shown
):
    LocalAreaFactory(name="Juelsminde", slug="juelsminde", population=4100)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    pages = {
        "area": reverse("localareas:area-detail", args=["juelsminde"]),
        "list": reverse("localareas:area-list"),
        "report": reverse("localareas:area-report", args=["juelsminde"]),
        "index": reverse("localareas:involvement"),
    }
    for name, url in pages.items():
        text = client.get(url).text
        assert shown in text and "4100" not in text, name
