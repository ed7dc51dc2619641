"""A local-council member's journey in a real browser: the area's page and map, editing the council."""

import pytest
from django.urls import reverse

from bookings.models import Building, Room
from community.models import Role
from community.tests.factories import (
    LocalAreaFactory,
    LocalCouncilFactory,
    UserFactory,
    council_member,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_council_member_browses_her_area_and_edits_her_council(page, live_server, login, axe):
    area = LocalAreaFactory(
        name="Juelsminde", slug="juelsminde", population=4100, lon=9.99, lat=55.70
    )
    council = LocalCouncilFactory(name="Juelsminde Lokalråd", areas=[area])
    other = LocalCouncilFactory(name="Barrit Lokalråd", areas=[LocalAreaFactory(name="Barrit")])
    hanne = council_member(council, email="hanne@example.dk", first_name="Hanne", last_name="Holm")
    UserFactory(email="ole@example.dk", first_name="Ole", last_name="Hansen")
    building = Building.objects.create(
        name="Juelsminde Hallen", street="Hallvej 1", lat=55.705, lon=10.0, local_area=area
    )
    Room.objects.create(building=building, name="Cafeen", capacity=30)

    login(page, hanne)
    page.goto(live_server.url + reverse("localareas:area-list"))
    axe(page)
    page.get_by_role("link", name="Juelsminde", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Juelsminde"
    figures = page.locator(".samskab-figures").inner_text()
    assert "Indbyggere" in figures and "4100" in figures
    frame = page.frame_locator("iframe.samskab-area-map")
    frame.locator("[data-places-loaded=true]").wait_for()
    assert "Lokaler at booke (1)" in frame.locator(".leaflet-control-layers").text_content()
    assert frame.locator(".samskab-marker").count() >= 1
    axe(page)

    page.get_by_role("link", name="Rediger Juelsminde Lokalråd").click()
    page.wait_for_load_state()
    page.get_by_label("Om lokalrådet").fill("Vi arbejder for havnen og stierne.")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.wait_for_load_state()
    assert "Vi arbejder for havnen og stierne." in page.content()

    page.goto(live_server.url + reverse("localareas:council-edit", args=[council.slug]))
    page.get_by_label("E-mail på det nye medlem").fill("ole@example.dk")
    page.get_by_label("Titel", exact=True).select_option("kasserer")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    page.wait_for_load_state()
    assert "ole@example.dk er tilføjet som medlem" in page.content(), page.locator(
        ".form-error-message, .alert"
    ).all_inner_texts()
    assert Role.objects.filter(
        council=council, user__email="ole@example.dk", title="kasserer"
    ).exists()
    axe(page)

    response = page.goto(live_server.url + reverse("localareas:council-edit", args=[other.slug]))
    assert response.status == 403

    page.goto(live_server.url + reverse("localareas:area-report", args=["juelsminde"]))
    axe(page)
    page.emulate_media(media="print")
    assert not page.locator("header.header").is_visible()
    assert not page.get_by_role("button", name="Udskriv").is_visible()
    assert page.locator("h1").is_visible()
