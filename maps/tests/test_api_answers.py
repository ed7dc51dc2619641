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
