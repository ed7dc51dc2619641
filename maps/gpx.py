"""A facility as a GPX 1.1 file (plain Python): a trail as a track, any other place as one waypoint."""

from __future__ import annotations

from xml.etree import ElementTree as ET

NS = "http://www.topografix.com/GPX/1/1"


def _points(geometry: dict) -> list[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "LineString":
        return [coords]
    if kind == "MultiLineString":
        return list(coords)
    return []


def facility_gpx(*, name: str, geometry: dict, point: tuple[float, float], url: str = "") -> bytes:
    """GPX for a GPS or phone app; a polygon's outline is no route, so it becomes its point."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}gpx", version="1.1", creator="Samskab")
    segments = _points(geometry)
    if segments:
        trk = ET.SubElement(root, f"{{{NS}}}trk")
        ET.SubElement(trk, f"{{{NS}}}name").text = name
        if url:
            ET.SubElement(
                ET.SubElement(trk, f"{{{NS}}}link", href=url), f"{{{NS}}}text"
            ).text = name
        for segment in segments:
            seg = ET.SubElement(trk, f"{{{NS}}}trkseg")
            for lon, lat, *_ in segment:
                ET.SubElement(seg, f"{{{NS}}}trkpt", lat=f"{lat:.7f}", lon=f"{lon:.7f}")
    else:
        lon, lat = point
        wpt = ET.SubElement(root, f"{{{NS}}}wpt", lat=f"{lat:.7f}", lon=f"{lon:.7f}")
        ET.SubElement(wpt, f"{{{NS}}}name").text = name
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
