"""Plain geometry helpers shared by the model, the importers and the demo."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import shapely
from shapely.geometry import mapping, shape

ALLOWED_TYPES = {"Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
# Denmark with Bornholm, Christiansø and a little sea around it (WGS84).
DENMARK_BOUNDS = (7.5, 54.4, 15.6, 58.0)


class GeometryError(ValueError):
    pass


@dataclass(frozen=True)
class GeometryInfo:
    geometry_type: str
    point: tuple[float, float]
    bounds: tuple[float, float, float, float]


def describe(geojson) -> GeometryInfo:
    """Type, a representative point and the bounding box of a GeoJSON geometry in WGS84."""
    if not isinstance(geojson, dict) or geojson.get("type") not in ALLOWED_TYPES:
        raise GeometryError(
            "Geometrien skal være et punkt, en linje eller et område i GeoJSON (WGS84)."
        )
    try:
        geom = shape(geojson)
    except Exception as exc:
        raise GeometryError("Geometrien kan ikke læses.") from exc
    if geom.is_empty:
        raise GeometryError("Geometrien er tom.")
    if not all(math.isfinite(v) for v in shapely.get_coordinates(geom).ravel()):
        # NaN passes every bounds test (all comparisons are false) and is not valid JSON.
        raise GeometryError("Geometrien har koordinater, der ikke er tal (NaN eller uendelig).")
    if not geom.is_valid:
        raise GeometryError(f"Geometrien er ugyldig: {shapely.is_valid_reason(geom)}.")
    if not in_denmark(geom.bounds):
        raise GeometryError("Geometrien ligger uden for Danmark.")
    point = geom if geom.geom_type == "Point" else geom.representative_point()
    return GeometryInfo(
        geometry_type=geom.geom_type,
        point=(round(point.x, 7), round(point.y, 7)),
        bounds=tuple(round(v, 7) for v in geom.bounds),
    )


def in_denmark(bounds) -> bool:
    w, s, e, n = bounds
    dw, ds, de, dn = DENMARK_BOUNDS
    return dw <= w and e <= de and ds <= s and n <= dn


def _counter_clockwise(geom):
    from shapely.geometry import MultiPolygon
    from shapely.geometry.polygon import orient

    if geom.geom_type == "Polygon":
        return orient(geom, sign=1.0)
    if geom.geom_type == "MultiPolygon":
        return MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    return geom


def to_geojson(geom, precision: int = 6) -> dict:
    """A shapely geometry as GeoJSON with rounded coordinates (about 10 cm at 6 decimals).

    Polygons get counter-clockwise outer rings and clockwise holes (RFC 7946); set_precision
    would otherwise leave GEOS's clockwise order.
    """
    from shapely import set_precision

    return (
        mapping(_counter_clockwise(set_precision(geom, 10**-precision)))
        if geom.geom_type != "Point"
        else {
            "type": "Point",
            "coordinates": [round(geom.x, precision), round(geom.y, precision)],
        }
    )


def rfc7946(geometry: dict) -> dict:
    """A stored GeoJSON geometry as RFC 7946 wants it: counter-clockwise outer rings.

    Rows imported before to_geojson oriented them (and local areas, stored as DAGI draws them)
    may be clockwise; points and lines are returned as they are, without a shapely round trip.
    """
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    if all(_ring_is_ccw(rings[0]) and not any(map(_ring_is_ccw, rings[1:])) for rings in polygons):
        return geometry
    return mapping(_counter_clockwise(shape(geometry)))


def _ring_is_ccw(ring) -> bool:
    """The shoelace sign: positive area means counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in pairwise(ring)) > 0
