import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def facilities(db):
    from community.tests.factories import LocalAreaFactory
    from localareas import lookup
    from maps.models import Facility, Layer
    from maps.services import layers_seed

    # The point-to-area tree is kept per process by version; a cleared cache restarts the version.
    lookup._state.update(version=None, tree=None, ids=[])
    layers_seed()  # also makes the API forget the data version of the previous test
    LocalAreaFactory(name="Testby", slug="testby", lon=9.70, lat=55.76)
    shelters, trails = Layer.objects.get(slug="shelters"), Layer.objects.get(slug="trails")
    for i in range(5):
        Facility(
            name=f"Shelter {i}",
            layer=shelters,
            geometry={"type": "Point", "coordinates": [9.70 + i * 0.004, 55.765 + i * 0.003]},
            wheelchair=True,
        ).save()
    Facility(
        name="Skovstien",
        layer=trails,
        geometry={"type": "LineString", "coordinates": [[9.701, 55.761], [9.715, 55.775]]},
    ).save()


@pytest.fixture
def other_origin(live_server):
    """A page on another origin (another loopback port) that frames the embed page."""
    embed = live_server.url + reverse("maps:embed") + "?area=testby&layers=shelters,trails&lang=en"
    body = (
        '<!DOCTYPE html><html lang="en"><head><title>Host</title></head><body>'
        f'<h1>Host</h1><iframe title="Map" src="{embed}" width="800" height="500"></iframe>'
        "</body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_site_on_another_origin_frames_the_embed_page_with_markers_and_layer_control(
    page, facilities, other_origin
):
    page.goto(other_origin)
    frame = page.frame_locator("iframe")
    frame.locator("[data-loaded=true]").wait_for()
    assert frame.locator(".leaflet-control-layers").count() == 1
    frame.locator(".samskab-marker, .marker-cluster").first.wait_for()
    assert frame.locator(".samskab-marker, .marker-cluster").count() >= 1
    frame.locator(".leaflet-control-layers").hover()
    labels = frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("Shelters (5)" in text for text in labels)
    assert any("Trails (1)" in text for text in labels)


def open_a_popup(page):
    """Click a marker, as a person would, once the map stands still; its popup opens."""
    page.locator("[data-loaded=true]").wait_for()
    # Marker clusters fan out with CSS transitions after the map fits the area: wait for them to end.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.locator(".samskab-marker").first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    return popup


def test_the_map_page_shows_markers_a_popup_and_keeps_the_view_in_the_url(
    page, live_server, facilities, axe
):
    page.goto(live_server.url + reverse("maps:area-map", args=["testby"]) + "?layers=shelters")
    page.locator("[data-loaded=true]").wait_for()
    popup = open_a_popup(page)
    assert "Rutevejledning" in popup.inner_text()
    page.wait_for_function("() => window.location.search.includes('zoom=')")
    assert "layers=shelters" in page.url
    assert "steder på kortet" in page.locator("[data-map-status]").inner_text()
    axe(page)


def test_the_list_and_the_embed_page_have_no_serious_accessibility_problems(
    page, live_server, facilities, axe
):
    page.goto(live_server.url + reverse("maps:facility-list"))
    assert page.locator("h1").count() == 1
    axe(page)
    page.goto(live_server.url + reverse("maps:embed") + "?layers=shelters,trails")
    page.locator("[data-loaded=true]").wait_for()
    axe(page)
    page.goto(live_server.url + reverse("maps:share"))
    axe(page)


def test_the_share_page_updates_the_snippet_and_the_live_preview(page, live_server, facilities):
    page.goto(live_server.url + reverse("maps:share"))
    page.select_option("#share-area", "testby")
    page.select_option("#share-lang", "en")
    code = page.locator("#share-code").input_value()
    assert "area=testby" in code and "lang=en" in code and code.startswith("<iframe")
    preview = page.frame_locator("#share-preview")
    preview.locator("[data-loaded=true]").wait_for()
    assert "area=testby" in page.locator("#share-preview").get_attribute("src")


def test_a_refused_problem_report_says_what_is_missing_by_the_field_with_no_accessibility_problem(
    page, live_server, facilities, axe
):
    from maps.models import Facility

    shelter = Facility.objects.get(name="Shelter 0")
    page.goto(live_server.url + reverse("maps:facility-detail", args=[shelter.pk]))
    page.get_by_role("button", name="Send melding").click()
    description = page.locator("#id_description")
    expect(description).to_have_attribute("aria-invalid", "true")
    # The message is read out with the field, and every id the field points to is on the page.
    expect(description).to_have_accessible_description(re.compile(r"\S"))
    axe(page)
