"""JSON schemas of the GeoJSON answers (RFC 7946), as OpenAPI 3.0 components.

The map API's views name a collection with `geojson_ref("FacilityCollection")`; the schema hook
`add_components` (in SPECTACULAR_SETTINGS) puts these components in the document. GeoJSON allows members of its own
("foreign members", such as numberMatched or links), so objects here do not forbid other keys.
"""

from __future__ import annotations

from maps.models import ATTRIBUTE_FIELDS, Facility

REF = "#/components/schemas/"


def geojson_ref(name: str) -> dict:
    return {"$ref": REF + name}


def _typed(name: str, coordinates: dict, description: str) -> dict:
    return {
        "type": "object",
        "description": description,
        "required": ["type", "coordinates"],
        "properties": {
            "type": {"type": "string", "enum": [name]},
            "coordinates": coordinates,
            "bbox": geojson_ref("GeoJSONBBox"),
        },
    }


def _array(items: dict, min_items: int = 0) -> dict:
    schema = {"type": "array", "items": items}
    if min_items:
        schema["minItems"] = min_items
    return schema


POSITION = geojson_ref("GeoJSONPosition")
LINE = _array(POSITION, 2)
# A linear ring is closed: its first and last positions are the same, so it has at least four.
POLYGON = _array(_array(POSITION, 4), 1)
GEOMETRY_TYPES = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
]


def _one_of(types: list[str]) -> dict:
    return {
        "oneOf": [geojson_ref(f"GeoJSON{t}") for t in types],
        "discriminator": {
            "propertyName": "type",
            "mapping": {t: REF + f"GeoJSON{t}" for t in types},
        },
    }


def _feature(description: str, geometry: dict, properties: dict, *, id_required: bool) -> dict:
    return {
        "type": "object",
        "description": description,
        "required": ["type", "geometry", "properties", *(["id"] if id_required else [])],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "integer", "description": "Stable id of the object"},
            "geometry": geometry,
            "properties": properties,
            "bbox": geojson_ref("GeoJSONBBox"),
        },
    }


def _collection(description: str, feature: str, extra: dict | None = None) -> dict:
    return {
        "type": "object",
        "description": description,
        "required": ["type", "features", *(extra or {})],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": _array(geojson_ref(feature)),
            "bbox": geojson_ref("GeoJSONBBox"),
            **(extra or {}),
        },
    }


TEXT = {"type": "string", "minLength": 1}

COMPONENTS: dict[str, dict] = {
    "GeoJSONPosition": {
        "type": "array",
        "description": "Longitude and latitude in WGS84 degrees (RFC 7946 section 3.1.1)",
        "items": {"type": "number"},
        "minItems": 2,
        "maxItems": 3,
    },
    "GeoJSONBBox": {
        "type": "array",
        "description": "west, south, east, north (and lowest, highest when 3D) in WGS84",
        "items": {"type": "number"},
        "minItems": 4,
        "maxItems": 6,
    },
    "GeoJSONPoint": _typed("Point", POSITION, "A point"),
    "GeoJSONMultiPoint": _typed("MultiPoint", _array(POSITION), "Several points"),
    "GeoJSONLineString": _typed("LineString", LINE, "A line of two or more positions"),
    "GeoJSONMultiLineString": _typed("MultiLineString", _array(LINE), "Several lines"),
    "GeoJSONPolygon": _typed("Polygon", POLYGON, "An outer ring, then any holes; each ring closed"),
    "GeoJSONMultiPolygon": _typed("MultiPolygon", _array(POLYGON), "Several polygons"),
    "GeoJSONGeometryCollection": {
        "type": "object",
        "description": "Several geometries of any type",
        "required": ["type", "geometries"],
        "properties": {
            "type": {"type": "string", "enum": ["GeometryCollection"]},
            "geometries": _array(geojson_ref("GeoJSONGeometry")),
            "bbox": geojson_ref("GeoJSONBBox"),
        },
    },
    "GeoJSONGeometry": _one_of(GEOMETRY_TYPES),
    "GeoJSONLink": {
        "type": "object",
        "required": ["href"],
        "properties": {
            "href": {"type": "string", "format": "uri-reference"},
            "rel": {"type": "string"},
            "type": {"type": "string"},
            "title": {"type": "string"},
        },
    },
    "FacilityProperties": {
        "type": "object",
        "required": ["name", "layer", "status"],
        "properties": {
            "name": TEXT,
            "layer": {"type": "string", "description": "Layer slug, e.g. shelters"},
            "status": {"type": "string", "enum": list(Facility.Status.values)},
            "area": {"type": "string", "description": "Name of the local area it lies in"},
            "capacity": {"type": "integer", "minimum": 1, "description": "Number of people"},
            **{
                name: {"type": "boolean", "description": "Left out when not known"}
                for name in ATTRIBUTE_FIELDS
            },
        },
    },
    "FacilityFeature": _feature(
        "An outdoor facility: a point, a line (trail) or a polygon (green area)",
        geojson_ref("GeoJSONGeometry"),
        geojson_ref("FacilityProperties"),
        id_required=True,
    ),
    "FacilityCollection": _collection(
        "Outdoor facilities",
        "FacilityFeature",
        {
            "numberMatched": {
                "type": "integer",
                "minimum": 0,
                "description": "Facilities that match the filter",
            },
            "numberReturned": {
                "type": "integer",
                "minimum": 0,
                "description": "Facilities in this answer (fewer when the limit cut it)",
            },
        },
    ),
    "LocalAreaFeature": _feature(
        "A local area's boundary, simplified for the map",
        _one_of(["Polygon", "MultiPolygon"]),
        {
            "type": "object",
            "required": ["name", "slug"],
            "properties": {"name": TEXT, "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}},
        },
        id_required=True,
    ),
    "LocalAreaCollection": _collection("The local areas", "LocalAreaFeature"),
    "PlaceFeature": _feature(
        "A building with rooms to book, an association's activity or an open volunteer task",
        geojson_ref("GeoJSONPoint"),
        {
            "type": "object",
            "required": ["layer", "name", "lines", "url", "link"],
            "properties": {
                "layer": {"type": "string", "enum": ["rooms", "activities", "opportunities"]},
                "name": TEXT,
                "lines": _array({"type": "string"}),
                "url": {
                    "type": "string",
                    "format": "uri-reference",
                    "nullable": True,
                    "description": "Page to read more on; null when there is none",
                },
                "link": {"type": "string", "description": "Text of the link to url"},
            },
        },
        id_required=False,
    ),
    "PlaceCollection": _collection("Places of one local area", "PlaceFeature"),
}
# The OGC API's paging links, where an answer has them.
COMPONENTS["FacilityCollection"]["properties"]["links"] = _array(geojson_ref("GeoJSONLink"))


def add_components(result, generator, request, public):
    """drf-spectacular postprocessing hook: the GeoJSON components the map API's answers name."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    return result
