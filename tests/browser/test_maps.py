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
    # The snippet's title is read out by the host page's screen readers: in its language, naming the area.
    assert 'title="Outdoor map of Testby"' in code
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


LAYER_WORDS = {
    "da": {
        "menu": "Kort over udeliv",
        "shelters": "Shelterpladser",
        "one": "1 sted på kortet",
        "six": "6 steder på kortet",
        "panel": "Kortlag og filtre",
        "nav": {},
    },
    "en": {
        "menu": "Outdoor map",
        "shelters": "Shelters",
        "one": "1 place on the map",
        "six": "6 places on the map",
        "panel": "Map layers and filters",
        "nav": {"menu": "Main menu", "more": "More"},
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_visitor_switches_a_layer_off_on_the_map_page_and_the_count_follows(
    page, live_server, facilities, axe, language
):
    from tests.browser.menu import follow_main_menu

    w = LAYER_WORDS[language]
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    follow_main_menu(page, w["menu"], **w["nav"])
    page.locator("[data-loaded=true]").wait_for()
    status = page.locator("[data-map-status]").first
    expect(status).to_have_text(w["six"])
    shelters = page.get_by_role("checkbox", name=re.compile(w["shelters"] + r" \(5\)"))
    expect(shelters).to_be_checked()
    # The one layer control is the page's: drawn at a size a person can see, not at 0x0 px.
    assert page.locator(".leaflet-control-layers").count() == 0
    box = page.locator("label[for=layer-shelters]").bounding_box()
    assert box["width"] > 40 and box["height"] > 16
    mark = page.evaluate(
        "() => getComputedStyle(document.querySelector('label[for=layer-shelters]'), '::before').width"
    )
    assert float(mark.removesuffix("px")) >= 16
    # The keyboard reaches it before the markers.
    assert page.evaluate(
        """() => !!(document.querySelector('#layer-shelters').compareDocumentPosition(
            document.querySelector('.samskab-marker, .marker-cluster')) & Node.DOCUMENT_POSITION_FOLLOWING)"""
    )
    axe(page)
    page.locator("label[for=layer-shelters]").click()
    expect(shelters).not_to_be_checked()
    expect(status).to_have_text(w["one"])
    expect(page.locator(".samskab-marker, .marker-cluster")).to_have_count(0)
    page.wait_for_function("() => new URLSearchParams(location.search).get('layers') === 'trails'")
    page.locator("label[for=layer-shelters]").click()
    expect(status).to_have_text(w["six"])
    axe(page)


def test_on_a_phone_the_filters_fold_away_and_the_map_is_near_the_top(
    page, live_server, facilities, axe
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("maps:map"))
    page.locator("[data-loaded=true]").wait_for()
    assert page.locator(".samskab-map").bounding_box()["y"] < 700
    shelters = page.get_by_role("checkbox", name=re.compile("Shelterpladser"))
    expect(shelters).to_be_hidden()
    page.get_by_text("Kortlag og filtre").click()
    expect(shelters).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    axe(page)


CARAVANS = "/work/shared/data/osm-campsites-dk/denmark-caravansites.gpx"


@pytest.mark.skipif(
    not __import__("os").path.exists(CARAVANS), reason="the shared OSM data is not on this machine"
)
def test_an_administrator_imports_the_national_caravan_file_and_keeps_only_the_municipalitys_sites(
    page, live_server, login, axe, hedensted_areas, monkeypatch
):
    from community import imports
    from community.tests.factories import administrator
    from maps.models import Facility
    from maps.services import layers_seed
    from tests.browser.menu import follow_main_menu, open_in_language

    layers_seed()
    login(page, administrator(email="anne@example.dk"))
    page.goto(live_server.url + "/")
    follow_main_menu(page, "Administration")
    axe(page)
    page.get_by_role("link", name="Faciliteter").first.click()
    axe(page)
    page.get_by_role("link", name="Importér fra fil").click()
    axe(page)
    page.get_by_label("Fil:", exact=True).set_input_files(CARAVANS)
    page.get_by_label("Kilde:", exact=True).fill("osm-caravans")
    expect(page.get_by_label("Udelad steder uden for kommunen")).to_be_checked()
    page.get_by_role("button", name="Vis hvad der ændres").click()
    outside = page.locator("[data-import-outside]")
    expect(outside).to_contain_text(re.compile(r"\d{3} steder ligger uden for kommunen"))
    keep = page.get_by_label(re.compile(r"Udelad de \d+ steder uden for kommunen"))
    expect(keep).to_be_checked()
    created = int(re.search(r"(\d+) nye", page.locator("[data-import-summary]").inner_text())[1])
    assert 0 < created < 20
    axe(page)
    # The background import waits before saving until the page has been seen showing it.
    saving, release = threading.Event(), threading.Event()
    enter = imports.Progress.enter

    def enter_and_wait(self, stage):
        enter(self, stage)
        if stage == "saving":
            saving.set()
            release.wait(60)

    monkeypatch.setattr(imports.Progress, "enter", enter_and_wait)
    page.get_by_role("button", name="Anvend ændringerne").click()
    # The import runs in the background: its page follows the stages until it is done.
    progress = page.locator("#import-progress")
    try:
        expect(page.get_by_role("heading", name="Importen er i gang")).to_be_visible()
        expect(progress.locator("[data-stage=saving]")).to_contain_text("Gemmer (i gang)")
        expect(progress.locator("[data-stage=matching]")).to_contain_text("(færdig)")
        assert saving.is_set()
        axe(page)
    finally:
        release.set()
    # No reload: htmx swaps the finished part in.
    expect(progress).to_have_attribute("data-import-state", "done")
    expect(page.get_by_role("heading", name="Importen er færdig")).to_be_visible()
    result = page.locator("[data-import-result]")
    expect(result).to_contain_text(f"osm-caravans: {created} oprettet, 0 opdateret")
    expect(result).to_contain_text("steder uden for kommunen er udeladt")
    expect(progress.locator(".samskab-stage--done")).to_have_count(3)
    axe(page)
    assert Facility.objects.count() == created
    assert not Facility.objects.filter(local_area=None).exists()
    job_url = page.url

    page.goto(live_server.url + "/")
    follow_main_menu(page, "Kort over udeliv")
    page.locator("[data-loaded=true]").wait_for()
    expect(page.locator("[data-map-status]").first).to_have_text(f"{created} steder på kortet")
    assert not page.get_by_title(re.compile("Charlottenlund")).count()

    # The same page in English, as an English-speaking administrator sees it.
    page.goto(live_server.url + "/")
    open_in_language(page, job_url, "en")
    expect(page.get_by_role("heading", name="The import is finished")).to_be_visible()
    expect(page.locator("[data-import-result]")).to_contain_text(
        f"osm-caravans: {created} created, 0 updated"
    )
    axe(page)
    page.get_by_role("link", name="See the facilities from osm-caravans").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(created)


def test_a_visitor_finds_a_place_by_name_and_the_places_near_her(
    page, live_server, facilities, axe
):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 55.77, "longitude": 9.71})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Kort over udeliv").first.click()
    page.get_by_label("Søg efter navn").fill("Skovstien")
    page.get_by_role("button", name="Vis", exact=True).click()
    page.locator("[data-loaded=true]").wait_for()
    expect(page.locator("[data-map-status]").first).to_have_text("1 sted på kortet")
    page.get_by_role("button", name="Vis steder nær mig").click()
    expect(page.locator("[data-map-status]").first).to_have_text("Kortet viser nu steder nær dig.")
    page.wait_for_function("() => new URLSearchParams(location.search).get('zoom') === '14'")
    axe(page)


@pytest.mark.parametrize("width", [320, 1000])
def test_the_embed_shows_the_whole_municipality_at_any_width_without_overflow(
    page, live_server, facilities, width
):
    from community.tests.factories import LocalAreaFactory
    from maps.models import Facility, Layer

    # A second area at the far corner of the municipality, with a shelter: a fixed zoom on the middle
    # would leave Testby's places or this one off the map.
    LocalAreaFactory(name="Fjernby", slug="fjernby", lon=10.1, lat=55.9, size=0.1)
    Facility(
        name="Fjern shelter",
        layer=Layer.objects.get(slug="shelters"),
        geometry={"type": "Point", "coordinates": [10.15, 55.95]},
    ).save()
    page.set_viewport_size({"width": width, "height": 400})
    page.goto(live_server.url + reverse("maps:embed") + "?layers=shelters,trails")
    page.locator("[data-loaded=true]").wait_for()
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    size = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert size == [width, 400]
    # Read every marker's box in one go: the clusters may still regroup after the map fits
    # the municipality, so a marker looked up one at a time can be gone by the time it is read.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.samskab-marker, .marker-cluster')]
            .map(e => e.getBoundingClientRect())
            .map(r => ({x: r.x, y: r.y, width: r.width}))"""
    )
    assert len(boxes) >= 2  # Testby's places and the far shelter cannot share one cluster
    for b in boxes:
        assert 0 <= b["x"] and b["x"] + b["width"] <= width and 0 <= b["y"] <= 400


def test_a_facility_page_shows_the_place_on_a_small_map(page, live_server, facilities, axe):
    from maps.models import Facility

    shelter = Facility.objects.get(name="Shelter 0")
    page.goto(live_server.url + reverse("maps:facility-detail", args=[shelter.pk]))
    page.locator("[data-loaded=true]").wait_for()
    expect(
        page.locator(".samskab-map-small .samskab-marker, .samskab-map-small .marker-cluster").first
    ).to_be_visible()
    assert page.locator(".leaflet-control-layers").count() == 0
    axe(page)


def test_a_citizen_reports_a_problem_with_a_photo_and_hears_back_when_it_is_fixed(
    page, live_server, facilities, login, axe, tmp_path
):
    from io import BytesIO

    from django.core import mail
    from PIL import Image

    from community.tests.factories import area_contact
    from localareas.models import LocalArea
    from maps.models import ProblemReport
    from tests.browser.menu import follow_main_menu

    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (55.0, 46.0, 12.0), 3: "E", 4: (9.0, 42.0, 30.0)})
    photo = tmp_path / "min-have.jpg"
    Image.new("RGB", (60, 40), "green").save(photo, format="JPEG", exif=exif)

    page.goto(live_server.url)
    follow_main_menu(page, "Kort over udeliv")
    page.wait_for_load_state()
    page.get_by_role("link", name="Se stederne som liste").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_role("link", name="Shelter 0", exact=True).click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Hvad er der galt?").fill("Taget er blæst af")
    page.locator("input[type=file][name=photo]").set_input_files(str(photo))
    page.get_by_label("Din e-mail").fill("maja@example.dk")
    page.get_by_role("button", name="Send melding").click()
    page.wait_for_load_state()
    assert "Din melding er modtaget" in page.content()
    axe(page)
    report = ProblemReport.objects.get()
    assert "min-have" not in report.photo.name
    assert not Image.open(BytesIO(report.photo.read())).getexif()
    assert not mail.outbox

    playmaker = area_contact(LocalArea.objects.get(slug="testby"))
    page.context.clear_cookies()
    login(page, playmaker)
    follow_main_menu(page, "Problemmeldinger")
    page.wait_for_load_state()
    axe(page)
    photo_url = page.get_by_role("link", name="Se foto").get_attribute("href")
    assert page.request.get(live_server.url + photo_url).status == 200
    page.get_by_role("button", name="Markér som modtaget").click()
    expect(page.get_by_role("button", name="Markér som udbedret")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["maja@example.dk"]]
    page.get_by_role("button", name="Markér som udbedret").click()
    expect(page.locator(f"#problem-{report.pk}")).to_contain_text("Færdig")
    axe(page)
    assert len(mail.outbox) == 2
    assert mail.outbox[-1].subject == "Udbedret: Shelter 0"
    assert "udbedret" in mail.outbox[-1].body

    page.context.clear_cookies()
    assert page.request.get(live_server.url + photo_url).status == 404
