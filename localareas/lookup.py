"""Point-to-area lookup with a shapely STRtree, rebuilt when the areas change."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from django.conf import settings
from shapely import STRtree
from shapely.geometry import Point, shape

from community.caching import cached, namespace_bump, namespace_version

NAMESPACE = "localareas"
_lock = threading.Lock()
# The tree itself cannot go in the shared cache (it is not plain data): each process keeps its own,
# with the namespace's version it was built at.
_state: dict = {"version": None, "tree": None, "ids": []}


def bump_version() -> None:
    """Tell every process that the areas changed; each rebuilds its tree on its next lookup."""
    namespace_bump(NAMESPACE)


def areas_changed(**kwargs) -> None:
    # Now for this process, and again after commit for the others, which cannot see the rows before.
    from django.db import transaction

    bump_version()
    transaction.on_commit(bump_version)


def _tree():
    from localareas.models import LocalArea

    # A cleared or restarted cache makes a new version, so the tree is rebuilt then too.
    version = namespace_version(NAMESPACE)
    if _state["tree"] is not None and _state["version"] == version:
        return _state["tree"], _state["ids"]
    with _lock:
        rows = list(LocalArea.objects.values_list("id", "geometry"))
        geoms = [shape(g) for _, g in rows]
        _state.update(
            tree=STRtree(geoms) if geoms else None, ids=[pk for pk, _ in rows], version=version
        )
        return _state["tree"], _state["ids"]


def area_id_for_point(lon: float, lat: float) -> int | None:
    """The id of the local area that contains the point, or None outside every area."""
    tree, ids = _tree()
    if tree is None:
        return None
    hits = tree.query(Point(lon, lat), predicate="intersects")
    return ids[int(min(hits))] if len(hits) else None


def area_ids_for_points(points: list[tuple[float, float]]) -> list[int | None]:
    """Bulk version of area_id_for_point for imports: one tree query for all points."""
    tree, ids = _tree()
    result: list[int | None] = [None] * len(points)
    if tree is None or not points:
        return result
    from shapely import points as make_points

    point_idx, geom_idx = tree.query(make_points(points), predicate="intersects")
    for p, g in zip(point_idx.tolist(), geom_idx.tolist(), strict=True):
        if result[p] is None:
            result[p] = ids[g]
    return result


def _postcode_file() -> list[tuple[str, str, object]]:
    path = Path(getattr(settings, "POSTCODE_BOUNDARIES", "") or "")
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        (
            str(f["properties"].get("POSTNR_TXT", "")).strip(),
            f["properties"].get("POSTBYNAVN", ""),
            shape(f["geometry"]),
        )
        for f in data["features"]
    ]


def _postcode_table() -> dict[str, tuple[str, tuple[float, float]]]:
    from localareas.models import Postcode

    rows = list(Postcode.objects.values_list("code", "name", "lon", "lat"))
    if rows:
        # setup_municipality stored the municipality's postcodes.
        return {code: (name, (lon, lat)) for code, name, lon, lat in rows}
    best: dict[str, tuple[float, str, object]] = {}
    for code, name, geom in _postcode_file():
        # A postcode may have several parts (an island): keep the largest.
        if code and (code not in best or geom.area > best[code][0]):
            best[code] = (geom.area, name, geom.representative_point())
    return {code: (name, (round(p.x, 6), round(p.y, 6))) for code, (_, name, p) in best.items()}


def _postcodes() -> dict[str, tuple[str, tuple[float, float]]]:
    return cached(NAMESPACE, ["postcodes"], _postcode_table, 3600)


def postcode_names() -> dict[str, str]:
    return {code: name for code, (name, _) in _postcodes().items()}


def postcode_centroid(postcode: str) -> tuple[float, float] | None:
    """A point inside the postcode's largest part: a fallback when an address has no exact point."""
    found = _postcodes().get(postcode.strip())
    return found[1] if found else None


def postcode_in_municipality(postcode: str) -> bool:
    """Whether the postcode is one of the municipality's, by the shipped postcode boundaries."""
    return postcode.strip() in postcode_names()
