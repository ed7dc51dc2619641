"""TopoJSON to GeoJSON, enough for DAGI's parish file: quantised, delta-encoded arcs.

No TopoJSON reader is installed (GDAL reads it but loses nothing only for unquantised files), and the
format is small: https://github.com/topojson/topojson-specification.
"""

from __future__ import annotations


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            # Quantised arcs store the first position and then differences; a third value
            # (DAGI writes z = -999) is dropped.
            for position in arc:
                x += position[0]
                y += position[1]
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs) -> list[list[float]]:
    coords: list[tuple[float, float]] = []
    for index in indexes:
        # A negative index is the arc reversed: ~index, i.e. -index - 1.
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        coords.extend(points if not coords else points[1:])
    return [[round(x, 7), round(y, 7)] for x, y in coords]


def _geometry(geom: dict, arcs) -> dict | None:
    kind = geom.get("type")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in geom["arcs"]]}
    if kind == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[_ring(r, arcs) for r in poly] for poly in geom["arcs"]],
        }
    return None


def is_topojson(data: object) -> bool:
    return isinstance(data, dict) and data.get("type") == "Topology" and "objects" in data


def to_feature_collection(topology: dict) -> dict:
    """Every polygon of every object in the topology as one GeoJSON FeatureCollection (WGS84)."""
    arcs = _decode_arcs(topology)
    features = []
    for obj in topology["objects"].values():
        members = obj.get("geometries", [obj]) if obj.get("type") == "GeometryCollection" else [obj]
        for geom in members:
            geometry = _geometry(geom, arcs)
            if geometry is not None:
                features.append(
                    {
                        "type": "Feature",
                        "properties": geom.get("properties", {}),
                        "geometry": geometry,
                    }
                )
    return {"type": "FeatureCollection", "features": features}
