"""A GIS user finds the open data behind the map and walks the OGC API – Features as pages."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def facilities(db):
    from community.tests.factories import LocalAreaFactory
    from localareas import lookup
    from maps.models import Facility, Layer
    from maps.services import layers_seed

    lookup._state.update(version=None, tree=None, ids=[])
    layers_seed()
    LocalAreaFactory(name="Testby", slug="testby", lon=9.70, lat=55.76)
    shelters = Layer.objects.get(slug="shelters")
    for i in range(3):
        Facility(
            name=f"Shelter {i}",
            layer=shelters,
            geometry={"type": "Point", "coordinates": [9.70 + i * 0.004, 55.765 + i * 0.003]},
            wheelchair=True,
        ).save()


WORDS = {
    "da": {
        "map": "Kort over udeliv",
        "open": "Åbne data til QGIS og andre programmer",
        "collections": "Samlingerne som HTML",
        "shelters": "Shelterpladser",
        "see": "Se stederne",
        "count": "Sted 1–3 af 3",
        "title": "Steder til udeliv",
        "json": "Stedet som GeoJSON",
    },
    "en": {
        "map": "Outdoor map",
        "open": "Open data for QGIS and other programs",
        "collections": "The collections as HTML",
        "shelters": "Shelters",
        "see": "See the places",
        "count": "Place 1–3 of 3",
        "title": "Outdoor places",
        "json": "The place as GeoJSON",
    },
}


@pytest.mark.parametrize("language, width", [("da", 1280), ("en", 390)])
def test_a_gis_user_goes_from_the_map_to_one_place_of_the_open_data(
    page, live_server, facilities, axe, language, width
):
    words = WORDS[language]
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    page.get_by_role("link", name=words["map"]).first.click()
    page.get_by_role("link", name=words["open"]).click()
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_contain_text(words["title"])
    axe(page)
    page.get_by_role("link", name=words["collections"]).click()
    axe(page)
    page.get_by_role("link", name=words["shelters"], exact=True).click()
    expect(page.locator("h1")).to_have_text(words["shelters"])
    axe(page)
    page.get_by_role("link", name=words["see"], exact=True).click()
    expect(page.locator("p[role=status]")).to_have_text(words["count"])
    axe(page)
    page.screenshot(path=f"/tmp/h6-open-data-items-{language}-{width}.png", full_page=True)
    page.get_by_role("link", name="Shelter 1").click()
    expect(page.locator("h1")).to_have_text("Shelter 1")
    axe(page)
    page.screenshot(path=f"/tmp/h6-open-data-{language}-{width}.png", full_page=True)
    # The JSON beside the page is what QGIS reads: a GeoJSON feature with the same name.
    href = page.get_by_role("link", name=words["json"]).get_attribute("href")
    answer = page.request.get(href)
    assert answer.headers["content-type"] == "application/geo+json"
    assert answer.json()["properties"]["name"] == "Shelter 1"
