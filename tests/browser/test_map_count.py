"""The map's "N steder på kortet" writes a big count with the language's thousands separator."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {"menu": "Kort over udeliv", "count": "1.234 steder på kortet", "nav": {}},
    "en": {
        "menu": "Outdoor map",
        "count": "1,234 places on the map",
        "nav": {"menu": "Main menu", "more": "More"},
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_map_counts_1234_places_with_a_thousands_separator(page, live_server, axe, language):
    from community.tests.factories import LocalAreaFactory
    from localareas import lookup
    from maps.models import Facility, Layer
    from maps.services import layers_seed
    from tests.browser.menu import follow_main_menu

    lookup._state.update(version=None, tree=None, ids=[])
    layers_seed()
    LocalAreaFactory(name="Testby", slug="testby", lon=9.70, lat=55.76, size=0.1)
    shelters = Layer.objects.get(slug="shelters")
    for i in range(1234):
        Facility(
            name=f"Shelter {i}",
            layer=shelters,
            geometry={
                "type": "Point",
                "coordinates": [9.70 + (i % 40) * 0.002, 55.765 + (i // 40) * 0.002],
            },
        ).save()

    w = WORDS[language]
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    follow_main_menu(page, w["menu"], **w["nav"])
    page.locator("[data-loaded=true]").wait_for(timeout=30000)
    expect(page.locator("[data-map-status]").first).to_have_text(w["count"])
    axe(page)


def test_the_map_follows_the_next_pages_and_shows_more_places_than_one_page_holds(
    page, live_server, settings
):
    from community.tests.factories import LocalAreaFactory
    from localareas import lookup
    from maps.models import Facility, Layer
    from maps.services import layers_seed
    from tests.browser.menu import follow_main_menu

    settings.MAPS_API_MAX_LIMIT = 4  # a page of 4: eleven places come in three pages
    lookup._state.update(version=None, tree=None, ids=[])
    layers_seed()
    LocalAreaFactory(name="Testby", slug="testby", lon=9.70, lat=55.76, size=0.1)
    shelters = Layer.objects.get(slug="shelters")
    for i in range(11):
        point = {"type": "Point", "coordinates": [9.70 + i * 0.004, 55.77]}
        Facility(name=f"Shelter {i}", layer=shelters, geometry=point).save()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "facilities.geojson" in r.url else None)

    page.goto(live_server.url + "/")
    follow_main_menu(page, "Kort over udeliv")
    page.locator("[data-loaded=true]").wait_for(timeout=30000)
    expect(page.locator("[data-map-status]").first).to_have_text("11 steder på kortet")
    assert len(asked) == 3 and "offset=8" in asked[-1]


def test_the_download_link_gives_a_file_with_every_place_the_map_shows(page, live_server, settings):
    import json

    from community.tests.factories import LocalAreaFactory
    from localareas import lookup
    from maps.models import Facility, Layer
    from maps.services import layers_seed
    from tests.browser.menu import follow_main_menu

    settings.MAPS_API_MAX_LIMIT = 4  # the API's pages hold 4; the file must hold all eleven
    lookup._state.update(version=None, tree=None, ids=[])
    layers_seed()
    LocalAreaFactory(name="Testby", slug="testby", lon=9.70, lat=55.76, size=0.1)
    shelters, fire_pits = Layer.objects.get(slug="shelters"), Layer.objects.get(slug="fire-pits")
    for i in range(11):
        point = {"type": "Point", "coordinates": [9.70 + i * 0.004, 55.77]}
        Facility(name=f"Shelter {i}", layer=shelters, geometry=point).save()
    point = {"type": "Point", "coordinates": [9.71, 55.78]}
    Facility(name="Bålpladsen", layer=fire_pits, geometry=point).save()

    def download() -> list[str]:
        link = page.get_by_role("link", name="Hent de viste steder (GeoJSON)")
        with page.expect_download() as info:
            link.click()
        assert info.value.suggested_filename == "faciliteter.geojson"
        with open(info.value.path(), encoding="utf-8") as file:
            data = json.load(file)
        assert data["type"] == "FeatureCollection"
        return sorted(f["properties"]["name"] for f in data["features"])

    page.goto(live_server.url + "/")
    follow_main_menu(page, "Kort over udeliv")
    page.locator("[data-loaded=true]").wait_for(timeout=30000)
    expect(page.locator("[data-map-status]").first).to_have_text("12 steder på kortet")
    assert download() == sorted(["Bålpladsen", *(f"Shelter {i}" for i in range(11))])
    # A layer switched off on the map is left out of the file too.
    page.get_by_label("Bålpladser").uncheck()
    expect(page.locator("[data-map-status]").first).to_have_text("11 steder på kortet")
    assert download() == sorted(f"Shelter {i}" for i in range(11))
