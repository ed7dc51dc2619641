"""Read polygons from GeoJSON, TopoJSON, zipped Shapefile or GeoPackage in any CRS into WGS84 records.

Plain Python: takes a path, returns dicts or raises ImportProblem with a message for people.
"""

from __future__ import annotations

import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import mapping
from shapely.ops import unary_union

from localareas.topojson import is_topojson, to_feature_collection

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
SUFFIXES = {".geojson", ".json", ".topojson", ".zip", ".gpkg", ".shp"}
# Denmark with a margin, in WGS84: anything outside is a CRS mistake, not a Danish area.
DENMARK_BOUNDS = (7.5, 54.4, 15.5, 58.0)


class ImportProblem(ValueError):
    """A file that cannot be imported; the message is shown to the user as is."""


@dataclass
class AreaRecord:
    name: str
    code: str
    geometry: dict
    bounds: tuple[float, float, float, float]
    centroid: tuple[float, float]
    area_km2: float


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
            names = [info.filename for info in zf.infolist()]
    except zipfile.BadZipFile:
        raise ImportProblem("Zip-filen kan ikke åbnes. Er den beskadiget?") from None
    if total > MAX_UNZIPPED_BYTES:
        raise ImportProblem("Zip-filen pakker ud til mere end 200 MB og afvises.")
    if not any(n.lower().endswith(".shp") for n in names):
        raise ImportProblem("Zip-filen indeholder ingen shapefil (.shp).")


def _read_topology(path: Path) -> dict | None:
    """The parsed file when it is TopoJSON (whatever its suffix), else None."""
    if path.suffix.lower() not in (".json", ".topojson"):
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        if path.suffix.lower() == ".topojson":
            raise ImportProblem("TopoJSON-filen kan ikke læses som JSON.") from None
        return None
    if is_topojson(data):
        return data
    if path.suffix.lower() == ".topojson":
        raise ImportProblem("Filen er ikke TopoJSON (den har ingen Topology).")
    return None


def _frame_from_features(collection: dict):
    import geopandas as gpd

    if not collection["features"]:
        raise ImportProblem("Filen indeholder ingen geometri.")
    # TopoJSON has no CRS member; DAGI's, like almost all, is in longitude/latitude.
    return gpd.GeoDataFrame.from_features(collection["features"], crs=4326)


def read_frame(path: str | Path):
    """Open a vector file with geopandas, check it, and return it in EPSG:4326."""
    import geopandas as gpd

    path = Path(path)
    if not path.exists():
        raise ImportProblem(f"Filen {path.name} findes ikke.")
    if path.suffix.lower() not in SUFFIXES:
        raise ImportProblem(
            f"Filtypen {path.suffix or '(ingen)'} kendes ikke. "
            "Brug GeoJSON, TopoJSON, zippet Shapefile eller GeoPackage."
        )
    if path.stat().st_size > MAX_BYTES:
        raise ImportProblem("Filen er større end 50 MB og afvises.")
    source = str(path)
    topology = _read_topology(path)
    if topology is not None:
        return _frame_from_features(to_feature_collection(topology))
    if path.suffix.lower() == ".zip":
        _check_zip(path)
        source = f"zip://{path}"
    try:
        frame = gpd.read_file(source)
    except Exception as exc:  # pyogrio raises many kinds; all mean "cannot read".
        raise ImportProblem(f"Filen kan ikke læses som geodata: {exc}") from None
    if "geometry" not in frame or frame.geometry.isna().all() or frame.empty:
        raise ImportProblem("Filen indeholder ingen geometri.")
    if frame.crs is None:
        raise ImportProblem(
            "Filen angiver ikke sit koordinatsystem (CRS), så placeringen kan ikke bestemmes."
        )
    try:
        frame = frame.to_crs(4326)
    except Exception as exc:
        raise ImportProblem(f"Koordinatsystemet kan ikke omregnes til WGS84: {exc}") from None
    return frame


def _km2(geoms: list) -> list[float]:
    import geopandas as gpd

    metric = gpd.GeoSeries(geoms, crs=4326).to_crs(25832)
    return [round(a / 1e6, 2) for a in metric.area]


def read_areas(
    path: str | Path,
    *,
    name_field: str | None = None,
    code_field: str | None = None,
    inside=None,
) -> list[AreaRecord]:
    """Read polygons as AreaRecords, the parts of one area merged by its code.

    `inside` (a shapely geometry in WGS84) keeps only the areas that lie mostly inside it, so one
    municipality's parishes can be picked from a national file.
    """
    frame = read_frame(path)
    columns = [c for c in frame.columns if c != "geometry"]
    name_field = name_field or next(
        (c for c in ("SOGNENAVN", "KOMNAVN", "navn", "name", "NAVN", "Name") if c in columns), None
    )
    if not name_field or name_field not in columns:
        raise ImportProblem(
            f"Angiv hvilket felt der rummer navnet. Felterne er: {', '.join(columns) or 'ingen'}."
        )
    code_field = code_field or next(
        (c for c in ("SOGNEKODE", "KOMKODE", "kode", "code", "KODE") if c in columns), None
    )
    if code_field and code_field not in columns:
        raise ImportProblem(f"Feltet {code_field} findes ikke. Felterne er: {', '.join(columns)}.")
    parts: dict[str, list] = defaultdict(list)
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for position, (_, row) in enumerate(frame.iterrows()):
        geom = row.geometry
        label = f"Række {position + 1}"
        if geom is None or geom.is_empty:
            raise ImportProblem(f"{label} har ingen geometri.")
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise ImportProblem(f"{label} er en {geom.geom_type}, ikke et område (polygon).")
        if not geom.is_valid:
            geom = geom.buffer(0)
        minx, miny, maxx, maxy = geom.bounds
        w, s, e, n = DENMARK_BOUNDS
        if minx < w or maxx > e or miny < s or maxy > n:
            raise ImportProblem(f"{label} ligger uden for Danmark. Er koordinatsystemet rigtigt?")
        name = str(row[name_field]).strip()
        if not name or name == "nan":
            raise ImportProblem(f"{label} har intet navn i feltet {name_field}.")
        code = str(row[code_field]).strip() if code_field else ""
        if code == "nan":
            code = ""
        key = code or name
        if not code and key in parts:
            # Without a code, two features of one name may be two parts or two areas: guessing
            # loses one of them, so the file is refused.
            raise ImportProblem(
                f"Flere områder hedder {name}, og filen har intet kodefelt, så det kan ikke afgøres, "
                "om de er dele af samme område. Angiv kodefeltet (--code-field), eller giv "
                "områderne forskellige navne."
            )
        parts[key].append(geom)
        names.setdefault(key, name)
        codes[key] = code
    merged = {
        key: unary_union(geoms) if len(geoms) > 1 else geoms[0] for key, geoms in parts.items()
    }
    if inside is not None:
        merged = {key: geom for key, geom in merged.items() if _mostly_inside(geom, inside)}
    keys = list(merged)
    areas = _km2([merged[k] for k in keys]) if keys else []
    records: list[AreaRecord] = []
    for key, area_km2 in zip(keys, areas, strict=True):
        geom = merged[key]
        point = geom.representative_point()
        records.append(
            AreaRecord(
                name=names[key],
                code=codes[key],
                # Through JSON, so a stored geometry compares equal to a re-read one (lists).
                geometry=json.loads(json.dumps(mapping(geom))),
                bounds=geom.bounds,
                centroid=(round(point.x, 6), round(point.y, 6)),
                area_km2=area_km2,
            )
        )
    return records


def _mostly_inside(geom, boundary) -> bool:
    # Boundaries drawn at 1:500,000 overlap their neighbours by a few hundred metres: more than half
    # of the area inside is the parish's own municipality.
    return geom.intersection(boundary).area > geom.area / 2
