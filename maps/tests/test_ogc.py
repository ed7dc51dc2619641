"""OGC API – Features under /kort/ogc/: the resources, paging, filters and errors a client meets."""

import gzip
import json

import pytest
from django.urls import reverse

from maps.tests.shapes import meadow_and_path

pytestmark = pytest.mark.django_db
BASE = "/kort/ogc"


@pytest.fixture
def places(make_facility, area, layers):
    made = [
        make_facility(f"Shelter {i}", "shelters", 9.701 + i / 1000, 55.761, wheelchair=i % 2 == 0)
        for i in range(5)
    ]
    made.append(make_facility("Bålpladsen", "fire-pits", 9.71, 55.77))
    made += meadow_and_path(layers)
    return made


def get(client, path, **params):
    response = client.get(BASE + path, params)
    return response, (response.json() if response["Content-Type"].endswith("json") else None)


def rels(data):
    return {link["rel"]: link["href"] for link in data["links"] if link["type"] != "text/html"}


def test_the_landing_page_links_to_conformance_and_collections_with_absolute_urls(client, places):
    response, data = get(client, "/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    links = rels(data)
    assert links["conformance"] == "http://testserver/kort/ogc/conformance?f=json"
    assert links["data"] == "http://testserver/kort/ogc/collections?f=json"
    assert {"service-doc", "self"} <= {link["rel"] for link in data["links"]}
    conformance = get(client, "/conformance")[1]["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conformance


def test_there_is_one_collection_per_layer_and_one_for_the_local_areas(client, places, layers):
    data = get(client, "/collections")[1]
    ids = [c["id"] for c in data["collections"]]
    assert ids == [*[layer.slug for layer in layers.values()], "local-areas"][: len(ids)]
    assert set(ids) == set(layers) | {"local-areas"}
    shelters = get(client, "/collections/shelters")[1]
    assert shelters["extent"]["spatial"]["bbox"] == [[9.701, 55.761, 9.705, 55.761]]
    assert len(shelters["extent"]["temporal"]["interval"][0]) == 2
    assert any(link["rel"] == "items" for link in shelters["links"])


def test_items_page_through_next_and_prev_links_to_every_feature(client, places):
    response, data = get(client, "/collections/shelters/items", limit=2)
    assert response["Content-Type"] == "application/geo+json"
    assert data["numberMatched"] == 5 and data["numberReturned"] == 2
    assert data["timeStamp"].endswith("Z")
    seen = [f["id"] for f in data["features"]]
    assert "prev" not in rels(data)
    while "next" in rels(data):
        data = client.get(rels(data)["next"]).json()
        seen += [f["id"] for f in data["features"]]
    assert sorted(seen) == sorted(f.pk for f in places[:5])
    assert "prev" in rels(data) and data["numberReturned"] == 1
    back = client.get(rels(data)["prev"]).json()
    assert [f["id"] for f in back["features"]] == seen[2:4]


def test_one_item_by_id_and_a_404_in_the_apis_format_for_an_unknown_one(client, places):
    shelter = places[0]
    response, data = get(client, f"/collections/shelters/items/{shelter.pk}")
    assert response.status_code == 200 and data["properties"]["name"] == "Shelter 0"
    assert data["properties"]["area"] == "testby"
    for path in [
        f"/collections/fire-pits/items/{shelter.pk}",
        "/collections/shelters/items/abc",
        "/collections/nothing/items",
        "/collections/nothing",
    ]:
        response, data = get(client, path)
        assert response.status_code == 404 and data["code"] == "NotFound"


def test_attribute_filters_and_the_geometry_type(client, places):
    data = get(client, "/collections/shelters/items", wheelchair="true")[1]
    assert sorted(f["properties"]["name"] for f in data["features"]) == [
        "Shelter 0",
        "Shelter 2",
        "Shelter 4",
    ]
    polygons = get(client, "/collections/green-areas/items", geometry_type="Polygon")[1]
    assert [f["properties"]["name"] for f in polygons["features"]] == ["Engen"]
    api = client.get("/kort/api/facilities.geojson", {"geometry_type": "LineString"}).json()
    assert [f["properties"]["name"] for f in api["features"]] == ["Stien"]


def test_outer_rings_are_counter_clockwise_and_there_is_no_crs(client, places):
    from maps.geometry import _ring_is_ccw

    for url in [
        BASE + "/collections/green-areas/items",
        "/kort/api/facilities.geojson",
        BASE + "/collections/local-areas/items",
        "/kort/api/areas.geojson",
    ]:
        data = client.get(url).json()
        assert "crs" not in data
        rings = [
            f["geometry"]["coordinates"][0]
            for f in data["features"]
            if f["geometry"]["type"] == "Polygon"
        ]
        assert rings and all(_ring_is_ccw(ring) for ring in rings), url


def test_bbox_is_a_true_intersection_not_the_lines_box(client, places):
    # The box lies inside the line's bounding box but beside the line (which runs south-west to
    # north-east): the old test of boxes returned it.
    box = "9.715,55.761,9.719,55.764"
    data = get(client, "/collections/green-areas/items", bbox=box)[1]
    assert data["numberMatched"] == 0
    api = client.get("/kort/api/facilities.geojson", {"bbox": box}).json()
    assert api["numberMatched"] == 0
    touching = get(client, "/collections/green-areas/items", bbox="9.709,55.768,9.711,55.770")[1]
    assert [f["properties"]["name"] for f in touching["features"]] == ["Stien"]


def test_a_six_value_bbox_is_taken_and_the_heights_ignored(client, places):
    data = get(client, "/collections/shelters/items", bbox="9.70,55.76,-10,9.7025,55.77,100")[1]
    assert data["numberMatched"] == 2


@pytest.mark.parametrize(
    "params, says",
    [
        ({"bbox": "55.76,9.70,55.77,9.72"}, "byttet om"),
        ({"bbox": "9.7,55.7,200,56"}, "uden for jorden"),
        ({"bbox": "1,2,3"}, "fire eller seks tal"),
        ({"limit": "0"}, "limit skal være et helt tal"),
        ({"limit": "abc"}, "limit skal være et helt tal"),
        ({"offset": "-1"}, "offset skal være et helt tal"),
        ({"offset": "99999999999999999999999"}, "offset må højst være"),
        ({"datetime": "igår"}, "datetime skal være"),
        ({"datetime": "2026-06-01/2026-05-01"}, "datetime skal være"),
        ({"wheelchair": "måske"}, "wheelchair skal være true eller false"),
        ({"status": "burning"}, "status skal være en af"),
        ({"geometry_type": "Circle"}, "geometry_type skal være"),
        ({"colour": "red"}, "Ukendt parameter: colour"),
        ({"f": "xml"}, "f skal være json eller html"),
        ({"bbox-crs": "EPSG:25832"}, "bbox-crs kan kun være"),
    ],
)
def test_a_bad_parameter_gets_400_saying_what_is_wrong(client, places, params, says):
    response, data = get(client, "/collections/shelters/items", **params)
    assert response.status_code == 400 and data["code"] == "InvalidParameterValue"
    assert says in data["description"]
    assert "ETag" not in response


def test_a_swapped_bbox_is_named_in_english_too(client, places):
    data = get(client, "/collections/shelters/items", bbox="55.76,9.70,55.77,9.72", lang="en")[1]
    assert "swapped" in data["description"] and "bbox=9.7,55.76,9.72,55.77" in data["description"]


def test_datetime_keeps_the_facilities_changed_in_the_interval(client, places):
    from datetime import UTC, datetime

    from maps.models import Facility

    Facility.objects.filter(pk=places[0].pk).update(updated_at=datetime(2020, 5, 1, 12, tzinfo=UTC))
    data = get(client, "/collections/shelters/items", datetime="2020-05-01")[1]
    assert [f["id"] for f in data["features"]] == [places[0].pk]
    assert (
        get(client, "/collections/shelters/items", datetime="../2020-04-30")[1]["numberMatched"]
        == 0
    )
    assert (
        get(client, "/collections/shelters/items", datetime="2021-01-01T00:00:00Z/..")[1][
            "numberMatched"
        ]
        == 4
    )


def test_json_answers_have_weak_etags_304s_cors_and_gzip(client, places):
    url = BASE + "/collections/shelters/items"
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and first["ETag"].startswith("W/")
    assert json.loads(gzip.decompress(first.content))["numberMatched"] == 5
    for header in [first["ETag"], first["ETag"].removeprefix("W/"), "*"]:
        again = client.get(url, HTTP_IF_NONE_MATCH=header, HTTP_ACCEPT_ENCODING="gzip")
        assert again.status_code == 304 and again.content == b""
        assert again["Content-Type"] == "application/geo+json"
        assert again["Access-Control-Allow-Origin"] == "*"
        assert again["Cache-Control"] == "public, max-age=60"
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get(BASE + "/collections")["Access-Control-Allow-Origin"] == "*"


def test_a_browser_gets_html_pages_that_link_the_json(client, places):
    response = client.get(BASE + "/collections/shelters/items", HTTP_ACCEPT="text/html,*/*")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Shelter 0" in html and "f=json" in html and "ETag" not in response
    page = client.get(BASE + "/", {"f": "html"}).content.decode()
    assert reverse("maps:ogc-collections") in page
    missing = client.get(BASE + "/collections/nothing", {"f": "html"})
    assert missing.status_code == 404 and "Der er ingen samling" in missing.content.decode()


def test_the_places_geojson_has_an_etag_cors_and_absolute_urls(client, area):
    from community.tests.factories import RoomFactory

    rooms = [
        RoomFactory(building__local_area=area, building__lat=55.77, building__lon=9.71 + i / 1000)
        for i in range(3)
    ]
    url = reverse("maps:api-places")
    response = client.get(url, {"area": area.slug}, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(gzip.decompress(response.content))
    assert data["features"][0]["properties"]["url"].startswith("http://testserver/")
    assert {f["properties"]["url"].split("/")[-2] for f in data["features"]} == {
        str(room.pk) for room in rooms
    }
    again = client.get(url, {"area": area.slug}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_geojson_api_is_gzipped(client, places):
    response = client.get("/kort/api/facilities.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.content))["features"]) == 8
