"""The map's "Hent de viste steder (GeoJSON)": one file with every facility the map shows, past the
API's page limit, streamed from the stored features with the map's own filters."""

import json
import re
from html import unescape

import brotli
import pytest
from django.urls import reverse

from maps import selectors
from maps.models import Facility

pytestmark = pytest.mark.django_db
URL = "/kort/api/facilities-download.geojson"


@pytest.fixture
def many(make_facility, area, settings):
    """Twelve shelters in Testby, more than a page of 5; and places the default map leaves out."""
    settings.MAPS_API_MAX_LIMIT = 5
    shelters = [
        make_facility(f"Shelter {i}", "shelters", 9.70 + i / 1000, 55.77, wheelchair=i % 2 == 0)
        for i in range(12)
    ]
    make_facility("Boldbane", "sports-fields", 9.71, 55.77)  # a layer not shown by default
    make_facility("Shelter ved Vejle", "shelters", 9.53, 55.71)  # outside Testby
    gone = make_facility("Nedlagt shelter", "shelters", 9.71, 55.77)
    gone.retired_at = gone.updated_at
    gone.save()
    return shelters


def download_link(client, path, params=None) -> str:
    html = client.get(path, params or {}).content.decode()
    return unescape(re.search(r'<a href="([^"]*)"[^>]*data-map-download', html).group(1))


def downloaded(response) -> dict:
    assert response.status_code == 200, response.content
    assert response.streaming
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == 'attachment; filename="faciliteter.geojson"'
    return json.loads(b"".join(response.streaming_content))


def names(collection) -> list[str]:
    return sorted(f["properties"]["name"] for f in collection["features"])


def test_the_maps_download_link_holds_every_place_the_map_shows_past_the_page_limit(client, many):
    response = client.get(download_link(client, reverse("maps:map")))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    data = json.loads(body)
    # Every shown layer's active places, the page limit of 5 notwithstanding; no sports field.
    assert names(data) == sorted([*(f"Shelter {i}" for i in range(12)), "Shelter ved Vejle"])
    assert len({f["id"] for f in data["features"]}) == 13
    assert data["type"] == "FeatureCollection"
    assert data["numberMatched"] == data["numberReturned"] == 13
    assert response["Content-Disposition"] == 'attachment; filename="faciliteter.geojson"'


def test_the_download_holds_the_very_features_the_api_pages_hold(client, many):
    paged, url = [], "http://testserver/kort/api/facilities.geojson?layers=shelters"
    while url:
        page = client.get(url).json()
        paged += page["features"]
        url = next((link["href"] for link in page.get("links", []) if link["rel"] == "next"), None)
    data = downloaded(client.get(URL, {"layers": "shelters"}))
    assert data["features"] == paged and len(paged) == 13


def test_the_maps_filters_and_its_area_reach_the_download(client, many, layers):
    filtered = download_link(client, reverse("maps:map"), {"wheelchair": "1", "area": "testby"})
    assert names(downloaded(client.get(filtered))) == sorted(
        f"Shelter {i}" for i in range(0, 12, 2)
    )
    searched = download_link(client, reverse("maps:map"), {"q": "Vejle"})
    assert names(downloaded(client.get(searched))) == ["Shelter ved Vejle"]
    area_map = download_link(client, reverse("maps:area-map", args=["testby"]))
    assert len(downloaded(client.get(area_map))["features"]) == 12
    chosen = download_link(client, reverse("maps:map"), {"layers": "sports-fields"})
    assert names(downloaded(client.get(chosen))) == ["Boldbane"]


def test_a_bad_filter_gets_400_saying_what_and_paging_parameters_are_ignored(client, many):
    bad = client.get(URL, {"bbox": "nonsense"})
    assert bad.status_code == 400 and "bbox" in bad.json()["detail"]
    assert client.get(URL, {"area": "a\x00b"}).status_code == 400
    assert client.get(URL, {"geometry_type": "Circle"}).status_code == 400
    # The file has no pages: a limit or an offset, good or bad, changes nothing.
    junk = downloaded(client.get(URL, {"limit": "-5", "offset": "abc", "layers": "shelters"}))
    assert len(junk["features"]) == 13
    # Filters that match nothing, or values the filters leave out, still give a valid file.
    nothing = downloaded(client.get(URL, {"layers": "findes-ikke", "status": "æøå"}))
    assert nothing["features"] == [] and nothing["numberReturned"] == 0


def test_the_file_is_streamed_in_chunks_of_rows_and_a_row_without_its_stored_feature_is_encoded(
    many, django_assert_max_num_queries
):
    Facility.objects.filter(pk=many[3].pk).update(feature_json="")
    f = selectors.FacilityFilter(layers=["shelters"])
    with django_assert_max_num_queries(6):
        pieces = list(selectors.geojson_download(f, chunk_rows=5))
    # The head, three chunks of at most five features, the closing counts.
    assert len(pieces) == 5
    data = json.loads(b"".join(pieces))
    assert len(data["features"]) == 13
    mended = next(f for f in data["features"] if f["id"] == many[3].pk)
    assert (
        mended["properties"]["name"] == "Shelter 3" and mended["properties"]["layer"] == "shelters"
    )


def test_the_download_is_brotli_when_asked_and_answers_304_to_its_etag(client, many):
    plain = client.get(URL, HTTP_ACCEPT_ENCODING="identity")
    plain_data = downloaded(plain)
    br = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert br["Content-Encoding"] == "br" and "Accept-Encoding" in br["Vary"]
    assert json.loads(brotli.decompress(b"".join(br.streaming_content))) == plain_data
    again = client.get(URL, HTTP_IF_NONE_MATCH=br["ETag"], HTTP_ACCEPT_ENCODING="br")
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
