"""Read polygons from GeoJSON, zipped Shapefile or GeoPackage in any CRS into plain WGS84 records.

Plain Python: takes a path, returns dicts or raises ImportProblem with a message for people.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import mapping

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
SUFFIXES = {".geojson", ".json", ".zip", ".gpkg", ".shp"}
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


def read_frame(path: str | Path):
    """Open a vector file with geopandas, check it, and return it in EPSG:4326."""
    import geopandas as gpd

    path = Path(path)
    if not path.exists():
        raise ImportProblem(f"Filen {path.name} findes ikke.")
    if path.suffix.lower() not in SUFFIXES:
        raise ImportProblem(
            f"Filtypen {path.suffix or '(ingen)'} kendes ikke. Brug GeoJSON, zippet Shapefile eller GeoPackage."
        )
    if path.stat().st_size > MAX_BYTES:
        raise ImportProblem("Filen er større end 50 MB og afvises.")
    source = str(path)
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


def read_areas(
    path: str | Path, *, name_field: str | None = None, code_field: str | None = None
) -> list[AreaRecord]:
    """Read polygons as AreaRecords; every feature must be a valid polygon inside Denmark."""
    frame = read_frame(path)
    columns = [c for c in frame.columns if c != "geometry"]
    name_field = name_field or next(
        (c for c in ("SOGNENAVN", "navn", "name", "NAVN", "Name") if c in columns), None
    )
    if not name_field or name_field not in columns:
        raise ImportProblem(
            f"Angiv hvilket felt der rummer navnet. Felterne er: {', '.join(columns) or 'ingen'}."
        )
    code_field = code_field or next(
        (c for c in ("SOGNEKODE", "kode", "code") if c in columns), None
    )
    metric = frame.to_crs(25832)
    records: list[AreaRecord] = []
    for index, row in frame.iterrows():
        geom = row.geometry
        label = f"Række {index + 1}"
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
        point = geom.representative_point()
        records.append(
            AreaRecord(
                name=name,
                code=str(row[code_field]).strip() if code_field else "",
                geometry=mapping(geom),
                bounds=(minx, miny, maxx, maxy),
                centroid=(round(point.x, 6), round(point.y, 6)),
                area_km2=round(metric.geometry.iloc[len(records)].area / 1e6, 2),
            )
        )
    return records
