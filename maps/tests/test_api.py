"""The public GeoJSON API: filters, ETag, limit, schema."""

import pytest
from django.urls import reverse

from community.municipality import current_municipality

pytestmark = pytest.mark.django_db
URL = "/kort/api/facilities.geojson"


@pytest.fixture
def three(make_facility, area):
    return [
        make_facility("Shelter i Testby", "shelters", 9.71, 55.77, wheelchair=True),
        make_facility("Bålplads i Testby", "fire-pits", 9.715, 55.775, wheelchair=False),
        make_facility("Shelter ved Vejle", "shelters", 9.53, 55.71),
    ]


def names(response):
    return sorted(f["properties"]["name"] for f in response.json()["features"])


def test_the_api_is_public_geojson_with_every_active_facility(client, three):
    three[2].retired_at = three[2].updated_at
    three[2].save()
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection" and data["numberMatched"] == 2
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["layer"] in {"shelters", "fire-pits"}


def test_filters_by_layer_area_bbox_and_attribute(client, three):
    assert names(client.get(URL, {"layers": "shelters"})) == [
        "Shelter i Testby",
        "Shelter ved Vejle",
    ]
    assert names(client.get(URL, {"area": "testby"})) == ["Bålplads i Testby", "Shelter i Testby"]
    assert names(client.get(URL, {"bbox": "9.5,55.7,9.6,55.72"})) == ["Shelter ved Vejle"]
    assert names(client.get(URL, {"wheelchair": "1"})) == ["Shelter i Testby"]
    assert names(client.get(URL, {"wheelchair": "0"})) == ["Bålplads i Testby"]


def test_a_bad_bbox_gets_400_with_a_message(client, three):
    response = client.get(URL, {"bbox": "nonsense"})
    assert response.status_code == 400
    assert "bbox" in response.content.decode()


def test_the_limit_caps_the_result_and_says_so(client, three):
    data = client.get(URL, {"limit": "1"}).json()
    assert data["numberReturned"] == 1 and data["numberMatched"] == 3


def test_an_unchanged_result_answers_304_to_its_etag_and_a_change_gives_a_new_one(
    client, three, make_facility
):
    first = client.get(URL)
    etag = first["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_facility("Ny legeplads", "playgrounds", 9.71, 55.771)
    second = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 200 and second["ETag"] != etag
    assert "Ny legeplads" in names(second)


def test_the_query_count_does_not_grow_with_the_facilities(
    client, make_facility, django_assert_max_num_queries
):
    for i in range(30):
        make_facility(f"Sted {i}", "playgrounds", 9.70 + i / 1000, 55.77)
    current_municipality()  # read once and kept in the cache, as on a running site
    with django_assert_max_num_queries(4):
        assert len(client.get(URL).json()["features"]) == 30


def test_the_openapi_schema_describes_the_geojson_api(client):
    schema = client.get(reverse("api-schema")).content.decode()
    assert "/kort/api/facilities.geojson" in schema
    assert "bbox" in schema and "wheelchair" in schema and "limit" in schema


def test_the_area_overlay_is_served_as_geojson(client, area):
    data = client.get(reverse("maps:api-areas")).json()
    assert data["features"][0]["properties"]["slug"] == "testby"


def test_a_weak_etag_and_a_star_are_answered_304_too(client, three):
    etag = client.get(URL)["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get(URL, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert client.get(URL, HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get(URL, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_304_has_no_body_and_claims_no_html_but_keeps_the_caching_headers(client, three):
    etag = client.get(URL)["ETag"]
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert "text/html" not in response.get("Content-Type", "")
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_each_filter_and_language_has_its_own_etag(client, three):
    plain = client.get(URL)["ETag"]
    shelters = client.get(URL, {"layers": "shelters"})
    assert shelters["ETag"] != plain
    assert client.get(URL, {"lang": "en"})["ETag"] != plain
    again = client.get(URL, {"layers": "shelters"}, HTTP_IF_NONE_MATCH=plain)
    assert again.status_code == 200 and len(again.json()["features"]) == 2


def test_a_bad_request_is_refused_even_with_a_star(client, three):
    response = client.get(URL, {"bbox": "nonsense"}, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400 and "bbox" in response.json()["detail"]
    assert "ETag" not in response and "Cache-Control" not in response


def test_the_area_overlay_answers_304_until_an_area_changes(client, area):
    url = reverse("maps:api-areas")
    first = client.get(url)
    assert first["Content-Type"] == "application/geo+json"
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    not_modified = client.get(url, HTTP_IF_NONE_MATCH="*")
    assert not_modified.status_code == 304
    assert "text/html" not in not_modified.get("Content-Type", "")
    area.name = "Nyby"
    area.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["features"][0]["properties"]["name"] == "Nyby"
