"""The API description is a document a client can rely on: valid OpenAPI, the site's address as its
server, every error answer with the shared error body, and GeoJSON answers with real schemas that
the real answers meet."""

from __future__ import annotations

import copy

import jsonschema
import pytest
from openapi_spec_validator import validate

from tests.map_data import open_map_data

pytestmark = pytest.mark.django_db

OPENAPI_JSON = "application/vnd.oai.openapi+json"
GEOJSON = "application/geo+json"
ERROR_SCHEMAS = {"#/components/schemas/Error", "#/components/schemas/ValidationError"}


@pytest.fixture
def document(client):
    response = client.get("/api/schema/", HTTP_ACCEPT=OPENAPI_JSON)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def area(db):
    from maps import api, selectors

    selectors.forget_data_version()
    api._recent.clear()
    return open_map_data()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def _validator(document, component):
    """A JSON Schema validator for one component, its $refs resolved inside the document."""
    root = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    return jsonschema.Draft4Validator(root)


def test_the_description_is_a_valid_openapi_document(document):
    validate(document)


def test_the_description_names_the_sites_public_address_as_its_server(client, settings):
    settings.SITE_URL = "https://samskab.example.org"
    document = client.get("/api/schema/", HTTP_ACCEPT=OPENAPI_JSON).json()
    assert document["servers"] == [{"url": "https://samskab.example.org", "description": "Samskab"}]


def test_every_error_answer_has_the_shared_error_body(document):
    described = 0
    for method, path, operation in _operations(document):
        for code in {"400", "401", "403", "404"} & set(operation["responses"]):
            content = operation["responses"][code]["content"]
            assert {body["schema"]["$ref"] for body in content.values()} <= ERROR_SCHEMAS, (
                method,
                path,
                code,
            )
            described += 1
    assert described >= 10


def test_every_geojson_answer_is_a_feature_collection_of_features_with_geometries(document):
    components = document["components"]["schemas"]
    geojson_paths = [
        (path, operation)
        for _method, path, operation in _operations(document)
        if GEOJSON in operation["responses"].get("200", {}).get("content", {})
    ]
    assert len(geojson_paths) == 4  # facilities, their download, areas, places
    for path, operation in geojson_paths:
        ref = operation["responses"]["200"]["content"][GEOJSON]["schema"]["$ref"]
        collection = components[ref.rsplit("/", 1)[1]]
        assert collection["properties"]["type"]["enum"] == ["FeatureCollection"], path
        feature = components[collection["properties"]["features"]["items"]["$ref"].split("/")[-1]]
        assert feature["properties"]["type"]["enum"] == ["Feature"], path
        assert {"geometry", "properties"} <= set(feature["required"]), path
        assert feature["properties"]["properties"], path
    geometry = components["GeoJSONGeometry"]["discriminator"]["mapping"]
    assert set(geometry) == {
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    }


def test_the_facilities_answer_holds_every_shape_and_each_meets_the_geometry_schema(
    client, document, area
):
    answer = client.get("/kort/api/facilities.geojson").json()
    shapes = {feature["geometry"]["type"] for feature in answer["features"]}
    assert shapes == {"Point", "LineString", "Polygon", "MultiPolygon"}
    _validator(document, "FacilityCollection").validate(answer)


def _broken(answer, change):
    broken = copy.deepcopy(answer)
    change(broken)
    return broken


def test_the_geojson_schema_refuses_what_a_client_could_not_read(client, document, area):
    answer = client.get("/kort/api/facilities.geojson").json()
    polygon = next(f for f in answer["features"] if f["geometry"]["type"] == "Polygon")
    index = answer["features"].index(polygon)
    validator = _validator(document, "FacilityCollection")

    def feature(broken):
        return broken["features"][index]

    wrong = {
        "capacity as text": lambda b: feature(b)["properties"].update(capacity="6"),
        "yes as text": lambda b: feature(b)["properties"].update(wheelchair="Ja"),
        "an unknown status": lambda b: feature(b)["properties"].update(status="åben"),
        "a ring of three positions": lambda b: feature(b)["geometry"].update(
            coordinates=[feature(b)["geometry"]["coordinates"][0][:3]]
        ),
        "coordinates as text": lambda b: feature(b)["geometry"].update(
            coordinates=[
                [[str(x) for x in p] for p in ring] for ring in polygon["geometry"]["coordinates"]
            ]
        ),
        "an unknown geometry type": lambda b: feature(b)["geometry"].update(type="Circle"),
        "no geometry": lambda b: feature(b).pop("geometry"),
        "no numberMatched": lambda b: b.pop("numberMatched"),
        "not a collection": lambda b: b.update(type="Feature"),
    }
    assert validator.is_valid(answer)
    for name, change in wrong.items():
        assert not validator.is_valid(_broken(answer, change)), name
