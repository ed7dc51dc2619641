"""Map pages, the list, the embed and share pages, problem reports and the admin upload."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from community.models import AuditEntry
from community.tests.factories import (
    AssociationFactory,
    LocalAreaFactory,
    UserFactory,
    administrator,
    area_contact,
    association_rep,
)
from maps import selectors
from maps.models import Facility, ProblemReport

pytestmark = pytest.mark.django_db
URL_RE = re.compile(r"""https?://[^\s"'<>\\)]+""")


def external_urls(html: str) -> set[str]:
    from django.conf import settings

    allowed = {settings.MAP_TILE_URL, "https://www.openstreetmap.org/copyright"}
    return {u for u in URL_RE.findall(html) if u not in allowed}


@pytest.mark.parametrize(
    "name,kwargs",
    [("maps:map", {}), ("maps:area-map", {"area_slug": "testby"}), ("maps:embed", {})],
)
def test_map_pages_load_leaflet_from_our_own_static_files_and_allow_zoom(
    client, layers, area, name, kwargs
):
    response = client.get(reverse(name, kwargs=kwargs))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    assert external_urls(html) == set()
    assert "user-scalable=no" not in html and "maximum-scale" not in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_the_area_map_fits_the_area_and_asks_the_api_for_it(client, layers, area):
    html = client.get(reverse("maps:area-map", args=["testby"])).content.decode()
    assert "Udeliv i Testby" in html
    assert "area=testby" in html
    assert '"fitBounds": [[55.76, 9.7]' in html
    assert client.get(reverse("maps:area-map", args=["nowhere"])).status_code == 404


def test_deep_link_layers_and_filters_reach_the_page_and_the_download_link(client, layers, area):
    html = client.get(
        reverse("maps:map"), {"layers": "fire-pits", "wheelchair": "1", "zoom": "14"}
    ).content.decode()
    assert '"shown": ["fire-pits"]' in html
    assert "wheelchair=1" in html
    assert '"zoom": 14' in html
    assert 'id="attr-wheelchair" checked' in html


def csp(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    parts = (p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";"))
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts if p[0]}


def test_only_the_embed_page_may_be_framed(client, layers):
    embed = client.get(reverse("maps:embed"))
    assert csp(embed)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in embed
    for name in ["maps:map", "maps:facility-list", "maps:share"]:
        response = client.get(reverse(name))
        assert csp(response)["frame-ancestors"] == "'none'"
        assert response["X-Frame-Options"] == "DENY"


@override_settings(EMBED_FRAME_ANCESTORS=["https://www.hedensted.dk"])
def test_the_embed_page_follows_the_allowlist(client, layers):
    response = client.get(reverse("maps:embed"))
    assert csp(response)["frame-ancestors"] == "https://www.hedensted.dk"


@pytest.mark.parametrize("name", ["maps:map", "maps:embed"])
def test_map_pages_run_no_inline_script_under_a_strict_policy(client, layers, name):
    import re

    response = client.get(reverse(name))
    policy = csp(response)
    assert policy["script-src"].split()[0] == "'self'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


def test_the_embed_page_speaks_english_when_asked(client, layers):
    html = client.get(reverse("maps:embed"), {"lang": "en"}).content.decode()
    assert '<html lang="en">' in html
    assert '"name": "Shelters"' in html
    assert "<title>Outdoor life in Hedensted Municipality</title>" in html


def test_the_share_page_offers_the_snippet_with_a_live_preview(client, layers):
    html = client.get(reverse("maps:share")).content.decode()
    assert 'id="share-code"' in html and 'id="share-preview"' in html
    assert "http://testserver/kort/indlejret/" in html


def test_the_list_is_searchable_and_filterable(client, make_facility, area):
    make_facility("Shelter i Testby", "shelters", wheelchair=True)
    make_facility("Legepladsen", "playgrounds", wheelchair=False)
    html = client.get(reverse("maps:facility-list"), {"q": "shelter"}).content.decode()
    assert "Shelter i Testby" in html and "Legepladsen" not in html
    html = client.get(reverse("maps:facility-list"), {"wheelchair": "1"}).content.decode()
    assert "Shelter i Testby" in html and "Legepladsen" not in html
    html = client.get(reverse("maps:facility-list"), {"layers": "playgrounds"}).content.decode()
    assert "Legepladsen" in html and "Shelter i Testby" not in html
    assert '<th scope="col">' in html


def test_the_list_and_map_query_counts_do_not_grow_with_the_data(
    client, make_facility, area, django_assert_max_num_queries
):
    for i in range(5):
        make_facility(f"Sted {i}", "playgrounds", 9.70 + i / 1000, 55.77)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("maps:facility-list"))
    for i in range(40):
        make_facility(f"Flere {i}", "shelters", 9.70 + i / 1000, 55.771)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("maps:facility-list"))
    with django_assert_max_num_queries(6):
        client.get(reverse("maps:map"))


def test_selectors_for_area_pages(make_facility, area):
    shelter = make_facility("Shelter i Testby", "shelters")
    make_facility("Udenfor", "shelters", 9.53, 55.71)
    assert list(selectors.facilities_for_area(area)) == [shelter]
    ProblemReport.objects.create(facility=shelter, description="Taget er utæt")
    ProblemReport.objects.create(
        facility=shelter, description="Gammelt", status=ProblemReport.Status.FIXED
    )
    assert selectors.open_problem_counts_by_area() == {area.pk: 1}


# ------------------------------------------------------------------ problem reports


def test_anyone_can_report_a_problem_with_a_photo_and_the_map_shows_it(client, make_facility, area):
    shelter = make_facility("Shelter i Testby", "shelters")
    photo = SimpleUploadedFile(
        "foto.gif",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
        b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        content_type="image/gif",
    )
    response = client.post(
        reverse("maps:problem-create", args=[shelter.pk]),
        {"description": "Taget er knækket", "photo": photo},
    )
    assert response.status_code == 302
    report = ProblemReport.objects.get()
    assert report.status == "new" and report.photo.name.startswith("maps/problems/")
    shelter.refresh_from_db()
    assert shelter.status == Facility.Status.PROBLEM
    feature = client.get(reverse("maps:api-facilities")).json()["features"][0]
    assert feature["properties"]["status"] == "problem"
    report.photo.delete()


def test_a_report_without_text_or_with_a_fake_photo_is_refused_and_nothing_changes(
    client, make_facility
):
    shelter = make_facility()
    response = client.post(reverse("maps:problem-create", args=[shelter.pk]), {"description": ""})
    assert response.status_code == 400
    fake = SimpleUploadedFile("foto.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(
        reverse("maps:problem-create", args=[shelter.pk]), {"description": "x", "photo": fake}
    )
    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()
    assert not ProblemReport.objects.exists()


def advance(client, report):
    return client.post(reverse("maps:problem-advance", args=[report.pk]))


def test_the_area_playmaker_moves_a_report_along_in_one_click_each(client, make_facility, area):
    shelter = make_facility()
    report = ProblemReport.objects.create(facility=shelter, description="Knækket bænk")
    shelter.status = Facility.Status.PROBLEM
    shelter.save()
    client.force_login(area_contact(area))
    assert advance(client, report).status_code == 302
    report.refresh_from_db()
    assert report.status == "acknowledged" and report.acknowledged_at
    advance(client, report)
    report.refresh_from_db()
    assert report.status == "fixed" and report.fixed_at
    shelter.refresh_from_db()
    assert shelter.status == Facility.Status.OPEN
    steps = AuditEntry.objects.filter(
        object_type="maps.problemreport", action="maps.problem_advanced"
    )
    assert [e.data["to"] for e in steps.order_by("pk")] == ["acknowledged", "fixed"]


def test_the_owning_association_handles_its_own_facility_but_not_others(client, make_facility):
    club = AssociationFactory()
    own = make_facility("Foreningens bålhytte", "fire-pits", owner_kind="association")
    own.owner_association = club
    own.save()
    municipal = make_facility("Kommunens shelter")
    mine = ProblemReport.objects.create(facility=own, description="Løs planke")
    theirs = ProblemReport.objects.create(facility=municipal, description="Væltet træ")
    client.force_login(association_rep(club))
    assert advance(client, mine).status_code == 302
    assert advance(client, theirs).status_code == 404
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("acknowledged", "new")
    html = client.get(reverse("maps:problem-list")).content.decode()
    assert "Løs planke" in html and "Væltet træ" not in html


def test_an_administrator_handles_municipal_facilities_and_others_may_not(client, make_facility):
    municipal = make_facility("Kommunens shelter")
    report = ProblemReport.objects.create(facility=municipal, description="Væltet træ")
    other_area = LocalAreaFactory(lon=10.0, lat=55.9)
    for user in [UserFactory(), area_contact(other_area)]:
        client.force_login(user)
        assert advance(client, report).status_code == 404
    client.logout()
    assert advance(client, report).status_code == 302  # to the login page
    report.refresh_from_db()
    assert report.status == "new"
    client.force_login(administrator())
    advance(client, report)
    report.refresh_from_db()
    assert report.status == "acknowledged"


def test_the_one_click_button_works_with_htmx_and_returns_the_row(client, make_facility, area):
    report = ProblemReport.objects.create(facility=make_facility(), description="Knækket bænk")
    client.force_login(area_contact(area))
    response = client.post(
        reverse("maps:problem-advance", args=[report.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="problem-{report.pk}"' in response.content.decode()
    assert "Markér som udbedret" in response.content.decode()


# ------------------------------------------------------------------ admin upload


def test_an_administrator_previews_an_upload_then_applies_it(client, layers, area):
    client.force_login(administrator())
    url = reverse("admin:maps_facility_import")
    upload = SimpleUploadedFile(
        "shelters.csv", b"name,layer,id,lon,lat\nShelter A,shelters,a,9.71,55.77\n"
    )
    response = client.post(
        url, {"file": upload, "source": "upload-test", "profile": "auto", "retire_missing": "on"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Forhåndsvisning" in html and "1 nye" in html
    assert Facility.objects.count() == 0
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(
        url,
        {
            "apply": "1",
            "token": token,
            "source": "upload-test",
            "profile": "auto",
            "retire_missing": "True",
        },
    )
    assert response.status_code == 302
    assert Facility.objects.get().name == "Shelter A"


def test_a_hostile_upload_gets_a_message_and_changes_nothing(client, layers):
    client.force_login(administrator())
    upload = SimpleUploadedFile(
        "evil.kml",
        b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml>&x;</kml>',
    )
    response = client.post(
        reverse("admin:maps_facility_import"),
        {"file": upload, "source": "evil", "profile": "auto"},
    )
    assert response.status_code == 200
    assert "entiteter" in response.content.decode()
    assert Facility.objects.count() == 0


def test_people_who_are_not_administrators_cannot_upload(client, area):
    client.force_login(area_contact(area))
    response = client.get(reverse("admin:maps_facility_import"))
    assert response.status_code in {302, 403}


def test_a_refused_report_ties_the_error_to_its_field(client, make_facility):
    shelter = make_facility()
    html = client.post(
        reverse("maps:problem-create", args=[shelter.pk]), {"description": ""}
    ).content.decode()
    assert 'id="id_description_error"' in html
    assert 'aria-describedby="id_description_error"' in html and 'aria-invalid="true"' in html


def test_other_pages_can_include_the_area_map(rf, area):
    from django.template.loader import render_to_string

    html = render_to_string("maps/_area_embed.html", {"area": area})
    assert 'src="/kort/indlejret/?area=testby&amp;steder=1"' in html
    assert 'href="/kort/omraade/testby/"' in html


def test_a_flood_of_reports_from_one_address_is_stopped_with_a_message(
    client, make_facility, settings
):
    settings.MAPS_PROBLEM_REPORTS_PER_HOUR = 2
    shelter = make_facility()
    url = reverse("maps:problem-create", args=[shelter.pk])
    for _ in range(2):
        assert client.post(url, {"description": "Knækket"}).status_code == 302
    audit_entries = AuditEntry.objects.count()
    shelter.refresh_from_db()
    updated_at = shelter.updated_at
    response = client.post(url, {"description": "Knækket igen"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Du har sendt mange meldinger på kort tid. Prøv igen om 60 minutter." in html
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert ProblemReport.objects.count() == 2
    assert AuditEntry.objects.count() == audit_entries
    shelter.refresh_from_db()
    assert shelter.updated_at == updated_at


def test_the_report_limit_is_per_address_and_counts_only_reports_made(
    client, make_facility, settings
):
    settings.MAPS_PROBLEM_REPORTS_PER_HOUR = 1
    shelter = make_facility()
    url = reverse("maps:problem-create", args=[shelter.pk])
    # A refused form (no text) is not a report: it does not use up the address's one report.
    assert client.post(url, {"description": ""}).status_code == 400
    assert client.post(url, {"description": "Knækket"}).status_code == 302
    assert client.post(url, {"description": "Igen"}).status_code == 429
    other = client.post(url, {"description": "Fra naboen"}, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302
    assert list(ProblemReport.objects.values_list("description", flat=True).order_by("pk")) == [
        "Knækket",
        "Fra naboen",
    ]


def test_an_area_map_shows_its_rooms_activities_and_volunteer_tasks(client, area):
    from bookings.models import Building, Room
    from matching.tests.factories import make_activity

    building = Building.objects.create(
        name="Testby Hallen", street="Hallvej 1", lat=55.7725, lon=9.7105, local_area=area
    )
    room = Room.objects.create(building=building, name="Mødelokale", capacity=12)
    activity = make_activity(title="Fællesspisning torsdag")
    type(activity).objects.filter(pk=activity.pk).update(local_area=area, lat=55.773, lon=9.711)

    data = client.get(reverse("maps:api-places"), {"area": "testby"}).json()
    by_layer = {f["properties"]["layer"]: f["properties"] for f in data["features"]}
    assert by_layer["rooms"]["name"] == "Testby Hallen"
    assert "Mødelokale: plads til 12" in by_layer["rooms"]["lines"]
    # Absolute: the area map embedded on another site follows the link as it is.
    assert by_layer["rooms"]["url"] == "http://testserver" + reverse(
        "bookings:room-detail", args=[room.pk]
    )
    assert by_layer["activities"]["name"] == "Fællesspisning torsdag"
    assert client.get(reverse("maps:api-places"), {"area": "findes-ikke"}).status_code == 404

    embed = client.get(reverse("maps:embed"), {"area": "testby", "steder": "1"}).content.decode()
    assert reverse("maps:api-places") in embed and "Lokaler at booke" in embed


def test_a_trail_downloads_as_a_gpx_track_from_its_page(client, layers):
    trail = Facility(
        name="Skovstien",
        layer=layers["trails"],
        geometry={"type": "LineString", "coordinates": [[9.701, 55.761], [9.715, 55.775]]},
    )
    trail.save()
    html = client.get(reverse("maps:facility-detail", args=[trail.pk])).content.decode()
    assert f'href="{reverse("maps:facility-gpx", args=[trail.pk])}"' in html
    response = client.get(reverse("maps:facility-gpx", args=[trail.pk]))
    assert response["Content-Type"] == "application/gpx+xml"
    assert 'filename="skovstien.gpx"' in response["Content-Disposition"]
    body = response.content.decode()
    assert "<trkseg>" in body and body.count("<trkpt") == 2 and 'lat="55.7610000"' in body


def test_a_bookable_place_links_to_its_booking_and_others_do_not(client, make_facility):
    hall = make_facility(name="Spejderhytten", bookable=True, website="https://hytte.example/book")
    html = client.get(reverse("maps:facility-detail", args=[hall.pk])).content.decode()
    assert 'href="https://hytte.example/book"' in html and "Book stedet" in html
    plain = make_facility(name="Bænken", bookable=False)
    html = client.get(reverse("maps:facility-detail", args=[plain.pk])).content.decode()
    assert "Book stedet" not in html and "Hent ruten" not in html


def test_the_map_fits_the_whole_municipality_and_searches_by_name(client, area, layers):
    import json

    html = client.get(reverse("maps:map") + "?q=Skov").content.decode()
    spec = json.loads(re.search(r'id="samskab-map-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert spec["layers"]["fitBounds"] == [
        [area.min_lat, area.min_lon],
        [area.max_lat, area.max_lon],
    ]
    assert "q=Skov" in spec["layers"]["apiUrl"]
    assert 'name="q" value="Skov"' in html


def test_the_tile_attribution_is_in_the_pages_language(settings):
    from django.utils import translation

    from maps.rendering import render_map

    settings.MAP_TILES_ENABLED = True
    with translation.override("en"):
        spec = render_map(config={}, center=(55.7, 9.7), zoom=10).spec
    assert "OpenStreetMap</a> contributors" in spec["tiles"]["options"]["attribution"]


def test_a_facility_page_shows_the_place_on_a_small_map_without_a_layer_control(
    client, make_facility
):
    import json

    shelter = make_facility()
    html = client.get(reverse("maps:facility-detail", args=[shelter.pk])).content.decode()
    spec = json.loads(re.search(r'id="samskab-map-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert spec["layers"]["shown"] == ["shelters"] and spec["layers"]["control"] is False
    (south, west), (north, east) = spec["layers"]["fitBounds"]
    assert south < shelter.lat < north and west < shelter.lon < east
    assert 'class="samskab-map samskab-map-small"' in html
