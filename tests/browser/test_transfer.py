"""What a browser fetches: fonts as WOFF2 only, pages and the map's GeoJSON compressed."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pages_fetch_woff2_fonts_only_and_come_compressed(page, live_server):
    from community.tests.factories import LocalAreaFactory
    from localareas import lookup
    from maps.models import Facility, Layer
    from maps.services import layers_seed
    from tests.browser.menu import follow_main_menu

    lookup._state.update(version=None, tree=None, ids=[])
    layers_seed()
    LocalAreaFactory(name="Testby", slug="testby", lon=9.70, lat=55.76, size=0.1)
    shelters = Layer.objects.get(slug="shelters")
    for i in range(40):
        point = {"type": "Point", "coordinates": [9.70 + i * 0.002, 55.77]}
        Facility(name=f"Shelter {i}", layer=shelters, geometry=point).save()
    responses = []
    page.on("response", lambda r: responses.append(r))

    page.goto(live_server.url + "/")
    follow_main_menu(page, "Kort over udeliv")
    page.locator("[data-loaded=true]").wait_for(timeout=30000)
    page.wait_for_load_state("networkidle")

    fonts = [r.url for r in responses if r.request.resource_type == "font"]
    assert fonts and [url for url in fonts if not url.endswith(".woff2")] == []
    # Danish text needs the Latin-1 part of the font only, not the whole of it.
    assert [url for url in fonts if "-Latin1.woff2" not in url] == []
    answers = [
        r for r in responses if r.request.resource_type in ("document", "fetch") and r.status == 200
    ]
    assert {urlpath(r.url) for r in answers} >= {"/", "/kort/", "/kort/api/facilities.geojson"}
    for response in answers:
        assert response.headers.get("content-encoding") in ("br", "gzip"), response.url


def urlpath(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path
