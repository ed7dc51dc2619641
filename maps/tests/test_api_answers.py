"""The GeoJSON API's answers: compressed as the client asks, paged by next links, built from the
pre-encoded feature each facility keeps."""

import gzip
import json

import brotli
import pytest

pytestmark = pytest.mark.django_db
URL = "/kort/api/facilities.geojson"


@pytest.fixture
def many(make_facility, area):
    return [make_facility(f"Shelter {i}", "shelters", 9.70 + i / 1000, 55.77) for i in range(12)]


def test_the_api_is_brotli_when_asked_and_its_weak_etag_still_gets_304(client, many):
    plain = client.get(URL, HTTP_ACCEPT_ENCODING="identity")
    br = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert br["Content-Encoding"] == "br" and "Accept-Encoding" in br["Vary"]
    assert json.loads(brotli.decompress(br.content)) == plain.json()
    assert br["ETag"] == "W/" + plain["ETag"]
    again = client.get(URL, HTTP_IF_NONE_MATCH=br["ETag"], HTTP_ACCEPT_ENCODING="br")
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    # Asked again, the same compressed bytes (kept per ETag), and gzip for a client without br.
    assert client.get(URL, HTTP_ACCEPT_ENCODING="br").content == br.content
    gz = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(gz.content)) == plain.json()


def test_the_ogc_items_are_brotli_when_asked(client, many):
    url = "/kort/ogc/collections/shelters/items?f=json"
    response = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert response["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(response.content))["numberMatched"] == 12


def test_a_small_page_size_links_every_next_page_until_all_are_read(client, many, settings):
    settings.MAPS_API_MAX_LIMIT = 5
    url, names, pages = "http://testserver" + URL, [], 0
    while url:
        data = client.get(url).json()
        assert data["numberMatched"] == 12 and data["numberReturned"] <= 5
        names += [f["properties"]["name"] for f in data["features"]]
        url = next((link["href"] for link in data.get("links", []) if link["rel"] == "next"), None)
        pages += 1
    assert pages == 3 and sorted(names) == sorted(f"Shelter {i}" for i in range(12))


def test_the_next_link_keeps_the_filter_and_each_page_has_its_own_etag(client, many, settings):
    settings.MAPS_API_MAX_LIMIT = 5
    first = client.get(URL, {"layers": "shelters", "lang": "en"})
    href = first.json()["links"][0]["href"]
    assert "layers=shelters" in href and "lang=en" in href and "offset=5" in href
    second = client.get(href)
    assert second["ETag"] != first["ETag"]
    assert {f["id"] for f in second.json()["features"]}.isdisjoint(
        f["id"] for f in first.json()["features"]
    )


def test_a_renamed_facility_and_a_changed_layer_and_area_show_in_the_next_answer(
    client, make_facility, area, layers
):
    facility = make_facility("Gammelt navn", "shelters", 9.71, 55.77, capacity=8)
    facility.name, facility.wheelchair = 'Nyt "navn"', True
    facility.save()
    layers["shelters"].slug = "bivuakker"
    layers["shelters"].save()
    area.name = "Ny by"
    area.save()
    [feature] = client.get(URL).json()["features"]
    assert feature["id"] == facility.pk
    assert feature["properties"] == {
        "name": 'Nyt "navn"',
        "capacity": 8,
        "wheelchair": True,
        "layer": "bivuakker",
        "status": "open",
        "area": "Ny by",
    }


def test_polygon_rings_are_stored_in_rfc_7946_order(client, layers, area):
    from maps.models import Facility

    clockwise = [[9.70, 55.76], [9.70, 55.77], [9.71, 55.77], [9.71, 55.76], [9.70, 55.76]]
    Facility(
        name="Engen",
        layer=layers["green-areas"],
        geometry={"type": "Polygon", "coordinates": [clockwise]},
    ).save()
    [feature] = client.get(URL).json()["features"]
    ring = [tuple(p) for p in feature["geometry"]["coordinates"][0]]
    shoelace = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    assert shoelace > 0 and set(ring) == {tuple(p) for p in clockwise}


def test_rows_written_in_bulk_without_their_feature_are_encoded_when_read(client, layers, area):
    from maps.models import Facility

    Facility.objects.bulk_create(
        [
            Facility(
                name=f"Bord {i}",
                layer=layers["shelters"],
                lon=9.7,
                lat=55.77,
                geometry={"type": "Point", "coordinates": [9.7 + i / 100, 55.77]},
            )
            for i in range(3)
        ]
    )
    data = client.get(URL).json()
    assert sorted(f["properties"]["name"] for f in data["features"]) == [
        "Bord 0",
        "Bord 1",
        "Bord 2",
    ]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [9.7, 55.77]}


def test_the_importer_stores_each_feature_and_the_status_set_by_update_is_joined(
    client, layers, area
):
    from maps.importers import FacilityRecord
    from maps.models import Facility
    from maps.services import facilities_sync

    record = FacilityRecord(
        external_id="1",
        name="Shelteret",
        layer="shelters",
        geometry={"type": "Point", "coordinates": [9.71, 55.77]},
        toilets=False,
    )
    facilities_sync(records=[record], source="test")
    stored = Facility.objects.get().feature_json
    assert json.loads(stored)["properties"] == {"name": "Shelteret", "toilets": False}
    record.name = "Shelteret ved søen"
    facilities_sync(records=[record], source="test")
    Facility.objects.update(status="problem")
    from maps import selectors

    selectors.forget_data_version()
    [feature] = client.get(URL).json()["features"]
    assert feature["properties"]["name"] == "Shelteret ved søen"
    assert feature["properties"]["status"] == "problem"


def test_the_data_migration_encodes_the_rows_stored_before_the_column(make_facility, area):
    import importlib

    from django.apps import apps

    from maps.models import Facility

    facility = make_facility("Shelteret", "shelters", 9.71, 55.77, free=True)
    expected = Facility.objects.get().feature_json
    Facility.objects.update(feature_json="")
    importlib.import_module("maps.migrations.0008_fill_facility_feature_json").fill_feature_json(
        apps, None
    )
    assert Facility.objects.get(pk=facility.pk).feature_json == expected
    assert json.loads(expected)["properties"] == {"name": "Shelteret", "free": True}
