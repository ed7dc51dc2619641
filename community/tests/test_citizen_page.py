"""The citizen's page: the purpose asked once as plain radio buttons, in the reader's language, and her needs."""

import re

import pytest
from django.urls import reverse

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, core_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def inger():
    return CitizenFactory(
        first_name="Inger", last_name="Holm", core_tasks=[core_task("social-omsorg")]
    )


def _purpose_page(client, citizen, **query):
    return client.get(reverse("community:citizen-detail", args=[citizen.pk]), query)


def test_the_purposes_are_radio_buttons_each_shown_once_and_none_ticked(client, alice, inger):
    client.force_login(alice)
    page = _purpose_page(client, inger).text
    assert page.count('type="radio" name="purpose"') == 5
    assert page.count("Matchning med frivillig eller tilbud") == 1
    assert "checked" not in page
    assert 'for="None"' not in page and "<option" not in page
    assert not AuditEntry.objects.filter(action="citizen.read").exists()


def test_a_page_that_knows_the_purpose_ticks_it_and_an_unknown_suggestion_is_ignored(
    client, alice, inger
):
    client.force_login(alice)
    page = _purpose_page(client, inger, suggest="matching").text
    assert re.search(r'<input type="radio" name="purpose" value="matching"[^>]* checked', page)
    assert "checked" not in _purpose_page(client, inger, suggest="gossip").text


def test_an_unknown_purpose_is_asked_again_with_a_message_and_opens_nothing(client, alice, inger):
    client.force_login(alice)
    response = _purpose_page(client, inger, purpose="gossip")
    assert response.status_code == 200
    assert "Der er noget, der skal rettes" in response.text
    assert "Holm" not in response.text
    assert not AuditEntry.objects.filter(action="citizen.read").exists()


def test_the_purposes_are_in_english_for_an_english_reader(client, alice, inger):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "en"})  # the language button
    page = client.get(reverse("community:citizen-detail", args=[inger.pk])).text
    assert "Matching with a volunteer or an offer" in page
    assert "Matchning" not in page


def test_opening_records_the_purpose_and_shows_her_needs_of_the_coordinators_core_tasks_only(
    client, alice, inger
):
    from matching.tests.factories import make_need

    make_need(citizen=inger, kind="meal_buddy")
    make_need(citizen=inger, kind="mentor", task="beskaeftigelse")
    client.force_login(alice)
    page = _purpose_page(client, inger, purpose="matching").text
    assert "Formål med opslaget: Matchning med frivillig eller tilbud" in page
    assert "Behov og aftaler" in page
    assert "Spiseven" in page
    assert "Mentor eller støttekontaktperson" not in page
    read = AuditEntry.objects.get(action="citizen.read")
    assert (read.actor, read.purpose, read.object_id) == (alice, "matching", str(inger.pk))


def test_the_search_finds_a_citizen_by_her_full_name_and_carries_the_purpose_said_with_it(
    client, alice, inger
):
    CitizenFactory(
        first_name="Inger", last_name="Sørensen", core_tasks=[core_task("social-omsorg")]
    )
    CitizenFactory(first_name="Ole", last_name="Holm", core_tasks=[core_task("social-omsorg")])
    client.force_login(alice)
    page = client.get(
        reverse("community:citizen-list"), {"q": "inger holm", "purpose": "follow_up"}
    )
    assert [c.last_name for c in page.context["page"]] == ["Holm"]
    assert page.context["page"][0].first_name == "Inger"
    detail = reverse("community:citizen-detail", args=[inger.pk])
    assert f'href="{detail}?purpose=follow_up"' in page.text
