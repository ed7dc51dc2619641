"""Read facility files with geopandas/pyogrio into plain records. No Django in here.

`read_facilities(path, profile="auto")` accepts GeoJSON, GPX (waypoints and tracks), KML,
CSV (lon/lat in WGS84 or x/y in EPSG:25832), zipped Shapefile and GeoPackage, and raises
`ImportFileError` with a Danish message for anything it will not import.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from maps.geometry import DENMARK_BOUNDS, to_geojson
from maps.importers.profiles import PROFILES, guess_profile
from maps.importers.safety import ImportFileError, check_size, check_xml, check_zip

__all__ = ["FORMATS", "FacilityRecord", "ImportFileError", "ReadResult", "read_facilities"]

FORMATS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpx": "GPX",
    ".kml": "KML",
    ".csv": "CSV",
    ".zip": "Shapefile (zip)",
    ".gpkg": "GeoPackage",
}
LON_NAMES = ["lon", "lng", "long", "longitude", "længdegrad"]
LAT_NAMES = ["lat", "latitude", "breddegrad"]
X_NAMES = ["x", "easting", "x_koord", "east"]
Y_NAMES = ["y", "northing", "y_koord", "north"]


@dataclass
class FacilityRecord:
    external_id: str
    name: str
    layer: str | None
    geometry: dict
    description: str = ""
    wheelchair: bool | None = None
    bookable: bool | None = None
    free: bool | None = None
    toilets: bool | None = None
    drinking_water: bool | None = None
    fire_allowed: bool | None = None
    capacity: int | None = None
    website: str = ""
    owner_kind: str = "other"
    owner_name: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class ReadResult:
    records: list[FacilityRecord]
    profile: str
    format: str
    skipped: list[str] = field(default_factory=list)


def read_facilities(path, *, profile: str = "auto", max_bytes: int | None = None) -> ReadResult:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ImportFileError(
            f"Filtypen '{suffix or path.name}' kan ikke importeres. Brug "
            + ", ".join(sorted(set(FORMATS.values())))
            + "."
        )
    check_size(path, max_bytes) if max_bytes else check_size(path)
    frame = _read_frame(path, suffix)
    return _records(frame, profile=profile, fmt=FORMATS[suffix])


def _read_frame(path: Path, suffix: str):
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    if suffix in {".gpx", ".kml"}:
        check_xml(path)
    if suffix == ".csv":
        return _read_csv(path)
    source = str(path)
    if suffix == ".zip":
        names = check_zip(path)
        shp = [n for n in names if n.lower().endswith(".shp")]
        if not shp:
            raise ImportFileError("Zip-filen indeholder ingen shapefil (.shp).")
        source = f"/vsizip/{path}/{shp[0]}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            layers = [name for name, _ in pyogrio.list_layers(source)]
            if suffix == ".gpx":
                layers = [n for n in layers if n in {"waypoints", "tracks", "routes"}]
            elif suffix == ".zip":
                layers = layers[:1]
            frames = []
            for layer in layers:
                frame = gpd.read_file(source, layer=layer, engine="pyogrio")
                if len(frame):
                    frames.append(_to_wgs84(frame))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            f"Filen kan ikke læses som {FORMATS[suffix]}. Er det den rigtige filtype?"
        ) from exc
    if not frames:
        raise ImportFileError("Filen indeholder ingen steder.")
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def _to_wgs84(frame):
    if frame.crs is None:
        # No CRS given: coordinates far beyond degrees are UTM 32N, the Danish standard.
        bounds = frame.total_bounds
        frame = frame.set_crs("EPSG:25832" if abs(bounds[2]) > 180 else "EPSG:4326")
    if frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    return frame


def _read_csv(path: Path):
    import geopandas as gpd
    import pandas as pd

    try:
        table = pd.read_csv(path, sep=None, engine="python", encoding="utf-8-sig", dtype=str)
    except Exception as exc:
        raise ImportFileError("CSV-filen kan ikke læses.") from exc
    columns = {c.lower().strip(): c for c in table.columns}

    def pick(names):
        return next((columns[n] for n in names if n in columns), None)

    lon, lat = pick(LON_NAMES), pick(LAT_NAMES)
    crs = "EPSG:4326"
    if not (lon and lat):
        lon, lat, crs = pick(X_NAMES), pick(Y_NAMES), "EPSG:25832"
    if not (lon and lat):
        raise ImportFileError(
            "CSV-filen har ingen koordinater: brug kolonnerne lon og lat (WGS84) "
            "eller x og y (EPSG:25832)."
        )

    def number(series):
        return pd.to_numeric(series.str.replace(",", ".", regex=False), errors="coerce")

    xs, ys = number(table[lon]), number(table[lat])
    frame = gpd.GeoDataFrame(
        table.drop(columns=[lon, lat]), geometry=gpd.points_from_xy(xs, ys), crs=crs
    )
    frame.loc[xs.isna() | ys.isna(), "geometry"] = None
    return frame.to_crs("EPSG:4326") if crs != "EPSG:4326" else frame


def _records(frame, *, profile: str, fmt: str) -> ReadResult:
    import shapely

    geoms = frame.geometry.values
    has_geom = ~(frame.geometry.isna().to_numpy() | shapely.is_empty(geoms))
    if not has_geom.any():
        raise ImportFileError("Filen har ingen geometri (ingen punkter, linjer eller områder).")
    dw, ds, de, dn = DENMARK_BOUNDS
    bounds = shapely.bounds(geoms)
    outside = has_geom & ~(
        (bounds[:, 0] >= dw) & (bounds[:, 2] <= de) & (bounds[:, 1] >= ds) & (bounds[:, 3] <= dn)
    )
    if outside.any():
        raise ImportFileError(
            f"{int(outside.sum())} steder ligger uden for Danmark. Tjek koordinatsystemet "
            "(WGS84 eller EPSG:25832) og at længde- og breddegrad ikke er byttet om."
        )
    property_columns = [c for c in frame.columns if c != frame.geometry.name]
    rows = frame[property_columns].to_dict("records")
    if profile == "auto":
        profile = guess_profile(property_columns, rows[0] if rows else None)
    if profile not in PROFILES:
        raise ImportFileError(f"Ukendt feltprofil '{profile}'.")
    mapper = PROFILES[profile]
    records, skipped = [], []
    for i, (props, geom, ok) in enumerate(zip(rows, geoms, has_geom, strict=True)):
        if not ok:
            skipped.append(f"Række {i + 1}: ingen geometri.")
            continue
        geom = _simplest(geom)
        if geom.geom_type not in {
            "Point",
            "LineString",
            "MultiLineString",
            "Polygon",
            "MultiPolygon",
        }:
            skipped.append(f"Række {i + 1}: geometritypen {geom.geom_type} understøttes ikke.")
            continue
        fields = mapper(props)
        geojson = to_geojson(geom)
        if not fields["external_id"]:
            # No id in the source: the name and place identify the facility between runs.
            digest = hashlib.sha1(
                json.dumps([fields["name"], geojson], sort_keys=True).encode()
            ).hexdigest()
            fields["external_id"] = f"hash:{digest[:16]}"
        if not fields["name"]:
            fields["name"] = _fallback_name(fields, props)
        records.append(FacilityRecord(geometry=geojson, **fields))
    seen: set[str] = set()
    unique = []
    for record in records:
        if record.external_id in seen:
            skipped.append(f"{record.name}: id {record.external_id} findes flere gange i filen.")
            continue
        seen.add(record.external_id)
        unique.append(record)
    return ReadResult(records=unique, profile=profile, format=fmt, skipped=skipped)


def _simplest(geom):
    """Drop Z values and unwrap one-part multi-geometries and collections."""
    import shapely

    geom = shapely.force_2d(geom)
    if geom.geom_type.startswith("Multi") and len(geom.geoms) == 1:
        return geom.geoms[0]
    if geom.geom_type == "GeometryCollection" and len(geom.geoms) == 1:
        return _simplest(geom.geoms[0])
    return geom


def _fallback_name(fields: dict, props: dict) -> str:
    from maps.importers.profiles import ci_get, clean

    return (
        clean(ci_get(props, "name", "navn"))
        or (fields["layer"] or "Facilitet").replace("-", " ").capitalize()
    )
