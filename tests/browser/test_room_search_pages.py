"""The room search over many rooms, as a person pages through it: the next page keeps the search,
swaps in place, and a busy room's clash list is short and says how many more dates there are."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_booking import SEASON_WORDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_WORDS = {
    "da": {
        "next": "Næste",
        "first": "Side 1 af 2",
        "second": "Side 2 af 2",
        "count": "25 lokaler passer",
        "clashes": "7 datoer kan ikke bookes",
        "more": "og 2 andre datoer",
    },
    "en": {
        "next": "Next",
        "first": "Page 1 of 2",
        "second": "Page 2 of 2",
        "count": "25 rooms match",
        "clashes": "7 dates cannot be booked",
        "more": "and 2 other dates",
    },
}


@pytest.mark.parametrize("language, width", [("da", 1280), ("en", 390)])
def test_a_representative_pages_through_a_big_room_search_and_keeps_her_search(
    page, live_server, login, axe, language, width
):
    from bookings.tests.conftest import club_booking, holiday_free_weekday, slot
    from community.tests.factories import (
        AssociationFactory,
        BuildingFactory,
        RoomFactory,
        association_rep,
    )

    w, p = SEASON_WORDS[language], PAGE_WORDS[language]
    page.set_viewport_size({"width": width, "height": 900})
    rep = association_rep(AssociationFactory(name="Løsning Fællesspisning"), email="rep@example.dk")
    hall = BuildingFactory(name="Hallen")
    RoomFactory(building=hall, name="Kosteskabet", capacity=4)
    rooms = [RoomFactory(building=hall, name=f"Sal {n:02d}", capacity=30) for n in range(25)]
    first = holiday_free_weekday(1, 8)
    for week in range(7):
        club_booking(rooms[0], *slot(first + timedelta(weeks=week), time(18), time(20)))

    login(page, rep)
    page.goto(live_server.url + reverse("community:home"))
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    page.get_by_role("link", name=w["find"]).first.click()
    page.get_by_role("heading", level=1, name=w["find"]).wait_for()
    page.get_by_label(w["weekly"]).check()
    page.get_by_label(w["weekday"]).select_option("1")
    page.get_by_label(w["first"]).fill(first.isoformat())
    page.get_by_label(w["last"]).fill((first + timedelta(weeks=7)).isoformat())
    page.get_by_label(w["from"]).fill("19:00")
    page.get_by_label(w["until"]).fill("21:00")
    page.get_by_label(w["people"]).fill("10")
    page.get_by_role("button", name=w["search"]).click()
    results = page.locator("#results")
    expect(results.get_by_text(p["first"])).to_be_visible()
    expect(results.locator("h3")).to_have_count(20)
    assert "Hallen: Sal 00" not in results.inner_text()
    axe(page)

    results.get_by_role("link", name=p["next"]).click()
    expect(results.get_by_text(p["second"])).to_be_visible()
    expect(results.locator("h3")).to_have_count(5)
    expect(results.get_by_role("heading", name=p["count"])).to_be_visible()
    assert "side=2" in page.url and "capacity=10" in page.url
    assert "Kosteskabet" not in results.inner_text()
    expect(page.get_by_label(w["people"])).to_have_value("10")
    card = results.locator("li.samskab-card", has_text="Hallen: Sal 00")
    card.get_by_text(p["clashes"]).click()
    expect(card.get_by_text(p["more"])).to_be_visible()
    expect(card.locator("details li")).to_have_count(5)
    axe(page)
    page.screenshot(path=f"/tmp/h9_room_search_{language}_{width}.png", full_page=True)

    page.reload()
    expect(page.locator("#results").get_by_text(p["second"])).to_be_visible()
    expect(page.locator("#results h3")).to_have_count(5)
