"""The OGC items are joined from each facility's stored feature (maps/features.py), and say what
they said when every row was decoded and encoded again: same ids, geometries, properties, order."""

import json
from datetime import UTC

import pytest

from maps.geometry import rfc7946
from maps.models import ATTRIBUTE_FIELDS, Facility
from maps.tests.shapes import meadow_and_path

pytestmark = pytest.mark.django_db
BASE = "/kort/ogc/collections"


def former_feature(f: Facility, layer: str) -> dict:
    """The items' feature as maps/features.py built it before, from the model instance."""
    props = {
        "name": f.name,
        "layer": layer,
        "status": f.status,
        "area": f.local_area.slug if f.local_area else None,
        "area_name": f.local_area.name if f.local_area else None,
        "capacity": f.capacity,
        **{name: getattr(f, name) for name in ATTRIBUTE_FIELDS},
        "website": f.website_url or None,
        "updated": f.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if f.updated_at
        else None,
    }
    feature = {"type": "Feature", "id": f.pk, "geometry": rfc7946(f.geometry), "properties": props}
    # As the answer held it: rewound rings come from shapely as tuples, JSON has lists.
    return json.loads(json.dumps(feature))


@pytest.fixture
def varied(make_facility, area, layers):
    """Places with every kind of value: yes, no and unknown facts, no area, a bad website, quotes."""
    made = [
        make_facility(
            'Shelter "Ved Åen"',
            "shelters",
            9.71,
            55.77,
            capacity=6,
            wheelchair=True,
            toilets=False,
            website="https://example.dk/shelter?a=1&b=2",
        ),
        make_facility("Shelter uden for", "shelters", 9.50, 55.60),
        make_facility("Shelter med\ttabulator", "shelters", 9.712, 55.771, status="problem"),
    ]
    made += meadow_and_path(layers)
    # An old row's website that is no address for an href.
    Facility.objects.filter(pk=made[1].pk).update(website="javascript:alert(1)")
    # A bulk write of one's own leaves no stored feature: it is encoded when it is asked for.
    Facility.objects.filter(pk=made[2].pk).update(feature_json="")
    return made


def formers(layer: str) -> list[dict]:
    rows = Facility.objects.filter(layer__slug=layer, retired_at__isnull=True).order_by("id")
    return [former_feature(f, layer) for f in rows.select_related("local_area")]


@pytest.mark.parametrize("layer", ["shelters", "green-areas"])
def test_the_items_say_what_they_said_before_features_were_joined(client, varied, layer):
    data = client.get(f"{BASE}/{layer}/items", {"f": "json"}).json()
    former = formers(layer)
    assert data["features"] == former and former
    # The same order of properties too: GDAL takes a layer's fields from the first feature.
    assert [list(f["properties"]) for f in data["features"]] == [
        list(f["properties"]) for f in former
    ]
    assert data["numberMatched"] == data["numberReturned"] == len(former)
    assert list(data) == [
        "type",
        "timeStamp",
        "numberMatched",
        "numberReturned",
        "links",
        "features",
    ]


def test_one_item_says_what_it_said_before_and_keeps_its_links(client, varied):
    for facility in varied:
        layer = facility.layer.slug
        data = client.get(f"{BASE}/{layer}/items/{facility.pk}", {"f": "json"}).json()
        links = data.pop("links")
        assert data == former_feature(Facility.objects.get(pk=facility.pk), layer)
        assert [link["rel"] for link in links] == ["self", "alternate", "collection"]


def test_the_html_pages_still_show_the_joined_features(client, varied):
    page = client.get(f"{BASE}/shelters/items", {"f": "html"})
    assert page.status_code == 200
    assert "Shelter &quot;Ved Åen&quot;" in page.text and "Point" in page.text
    one = client.get(f"{BASE}/shelters/items/{varied[0].pk}", {"f": "html"})
    assert one.status_code == 200
    assert "https://example.dk/shelter?a=1&amp;b=2" in one.text and "Testby" in one.text


def test_a_page_of_items_is_the_stored_texts_joined_not_rows_decoded(client, varied, monkeypatch):
    decoded = []
    original = json.loads
    monkeypatch.setattr(
        json, "loads", lambda text, *a, **k: decoded.append(text) or original(text, *a, **k)
    )
    # Both green areas keep their stored feature (the shelters' bulk-written row is decoded once
    # to be encoded, which is another test's business).
    response = client.get(f"{BASE}/green-areas/items", {"f": "json"})
    assert response.status_code == 200 and decoded == []
    assert len(original(response.content)["features"]) == 2
