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

from maps.geometry import DENMARK_BOUNDS, GeometryError, describe, to_geojson
from maps.importers.profiles import PROFILES, guess_profile, http_url
from maps.importers.safety import (
    CONTENT_NAMES,
    MAX_BYTES,
    MAX_FEATURES,
    ImportFileError,
    check_shapefile,
    check_size,
    check_xml,
    check_zip,
    sniff_format,
)

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
FORMATS_OF_CONTENT = {
    "GeoJSON": "GeoJSON",
    "GPX": "GPX",
    "KML": "KML",
    "zip": "Shapefile (zip)",
    "GeoPackage": "GeoPackage",
}
# The content each name promises, as sniff_format and check_xml name it.
CONTENT = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpx": "GPX",
    ".kml": "KML",
    ".csv": "CSV",
    ".zip": "zip",
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


def read_facilities(
    path,
    *,
    profile: str = "auto",
    max_bytes: int | None = None,
    max_features: int | None = None,
) -> ReadResult:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ImportFileError(
            f"Filtypen '{suffix or path.name}' kan ikke importeres. Brug "
            + ", ".join(sorted(set(FORMATS.values())))
            + "."
        )
    check_size(path, max_bytes or MAX_BYTES)
    content = _content(path, suffix)
    frame = _read_frame(path, content, max_features or MAX_FEATURES)
    return _records(frame, profile=profile, fmt=FORMATS[suffix])


def _content(path: Path, suffix: str) -> str:
    """The format of the content, which must be the one the name promises.

    GDAL picks its driver from the content, so a GPX named .gpkg would be read as GPX with
    its entities expanded: every XML goes through check_xml, and a mismatch is refused.
    """
    content = sniff_format(path)
    if content == "XML":
        content = check_xml(path)
    if content != CONTENT[suffix]:
        raise ImportFileError(
            f"Filen kan ikke læses som {FORMATS[suffix]}: navnet slutter på {suffix}, men "
            f"indholdet er {CONTENT_NAMES[content]}. Gem filen med den endelse, der passer "
            "til indholdet."
        )
    return content


def _too_many(max_features: int, count: int | None = None) -> ImportFileError:
    found = f"{count} steder" if count else f"mere end {max_features} steder"
    return ImportFileError(
        f"Filen har {found}; højst {max_features} kan importeres ad gangen. "
        "Del filen op, eller bed en udvikler om at hæve grænsen (MAPS_IMPORT_MAX_FEATURES). "
        "Intet er gemt."
    )


def _read_frame(path: Path, content: str, max_features: int):
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    if content == "CSV":
        return _read_csv(path, max_features)
    sources = [str(path)]
    if content == "zip":
        names = check_zip(path)
        shp = [n for n in names if n.lower().endswith(".shp")]
        if not shp:
            raise ImportFileError("Zip-filen indeholder ingen shapefil (.shp).")
        # Every shapefile in the zip is a layer of the source: none is left out.
        for name in shp:
            check_shapefile(path, name)
        sources = [f"/vsizip/{path}/{name}" for name in shp]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            layers = [
                (source, name) for source in sources for name, _ in pyogrio.list_layers(source)
            ]
            if content == "GPX":
                layers = [(s, n) for s, n in layers if n in {"waypoints", "tracks", "routes"}]
            # Count first (cheap: from headers, or one streaming pass), read nothing if too many.
            counts = [
                pyogrio.read_info(source, layer=layer, force_feature_count=True)["features"]
                for source, layer in layers
            ]
            if sum(counts) > max_features:
                raise _too_many(max_features, sum(counts))
            frames = []
            for source, layer in layers:
                # max_features bounds the read even if a driver's count was wrong.
                frame = gpd.read_file(
                    source, layer=layer, engine="pyogrio", max_features=max_features + 1
                )
                if len(frame):
                    frames.append(_to_wgs84(frame))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            f"Filen kan ikke læses som {FORMATS_OF_CONTENT[content]}. Er det den rigtige filtype?"
        ) from exc
    if not frames:
        raise ImportFileError("Filen indeholder ingen steder.")
    if sum(len(f) for f in frames) > max_features:
        raise _too_many(max_features)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def _to_wgs84(frame):
    if frame.crs is None:
        # No CRS given: coordinates far beyond degrees are UTM 32N, the Danish standard.
        bounds = frame.total_bounds
        frame = frame.set_crs("EPSG:25832" if abs(bounds[2]) > 180 else "EPSG:4326")
    if frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    return frame


def _csv_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without a BOM), else cp1252 as Danish Excel saves it."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "CSV-filen kan ikke læses: tegnsættet er hverken UTF-8 eller Windows-1252."
        ) from exc


def _csv_separator(text: str) -> str:
    """The separator of the header line: the most frequent of ; tab and , (Excel uses ;)."""
    header = text.lstrip().partition("\n")[0]
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_crs(xs, ys) -> str:
    """Degrees or UTM 32N, told apart by their range: Danish UTM values are in the 100,000s."""
    import numpy as np

    finite = np.isfinite(xs) & np.isfinite(ys)
    if finite.any() and (np.abs(xs[finite]) <= 180).all() and (np.abs(ys[finite]) <= 90).all():
        return "EPSG:4326"
    return "EPSG:25832"


def _read_csv(path: Path, max_features: int):
    import io

    import geopandas as gpd
    import pandas as pd

    text = _csv_text(path)
    try:
        # nrows stops the parser one row past the limit: a million rows are not read.
        table = pd.read_csv(
            io.StringIO(text),
            sep=_csv_separator(text),
            dtype=str,
            nrows=max_features + 1,
        )
    except Exception as exc:
        raise ImportFileError("CSV-filen kan ikke læses.") from exc
    if len(table) > max_features:
        raise _too_many(max_features)
    columns = {str(c).lower().strip(): c for c in table.columns}

    def pick(names):
        return next((columns[n] for n in names if n in columns), None)

    lon, lat = pick(LON_NAMES), pick(LAT_NAMES)
    if not (lon and lat):
        lon, lat = pick(X_NAMES), pick(Y_NAMES)
    if not (lon and lat):
        raise ImportFileError(
            "CSV-filen har ingen koordinater: brug kolonnerne lon og lat (WGS84) "
            "eller x og y (grader eller EPSG:25832)."
        )

    def number(series):
        return pd.to_numeric(series.str.replace(",", ".", regex=False), errors="coerce")

    xs, ys = number(table[lon]), number(table[lat])
    crs = _csv_crs(xs.to_numpy(dtype=float), ys.to_numpy(dtype=float))
    frame = gpd.GeoDataFrame(
        table.drop(columns=[lon, lat]), geometry=gpd.points_from_xy(xs, ys), crs=crs
    )
    frame.loc[xs.isna() | ys.isna(), "geometry"] = None
    return frame.to_crs("EPSG:4326") if crs != "EPSG:4326" else frame


def _records(frame, *, profile: str, fmt: str) -> ReadResult:
    import shapely

    geoms = frame.geometry.values
    present = ~(frame.geometry.isna().to_numpy() | shapely.is_empty(geoms))
    if not present.any():
        raise ImportFileError("Filen har ingen geometri (ingen punkter, linjer eller områder).")
    finite = _finite(geoms)
    usable = present & finite
    dw, ds, de, dn = DENMARK_BOUNDS
    bounds = shapely.bounds(geoms)
    outside = usable & ~(
        (bounds[:, 0] >= dw) & (bounds[:, 2] <= de) & (bounds[:, 1] >= ds) & (bounds[:, 3] <= dn)
    )
    if outside.any():
        raise ImportFileError(
            f"{int(outside.sum())} steder ligger uden for Danmark. Tjek koordinatsystemet "
            "(WGS84 eller EPSG:25832) og at længde- og breddegrad ikke er byttet om."
        )
    property_columns = [c for c in frame.columns if c != frame.geometry.name]
    rows = [_gdal_names(row) for row in frame[property_columns].to_dict("records")]
    property_columns = list(rows[0]) if rows else property_columns
    if profile == "auto":
        profile = guess_profile(property_columns, rows[0] if rows else None)
    if profile not in PROFILES:
        raise ImportFileError(f"Ukendt feltprofil '{profile}'.")
    mapper = PROFILES[profile]
    records, skipped = [], []
    for i, (props, geom) in enumerate(zip(rows, geoms, strict=True)):
        if not present[i]:
            skipped.append(f"Række {i + 1}: ingen geometri.")
            continue
        if not finite[i]:
            skipped.append(f"Række {i + 1}: koordinater, der ikke er tal (NaN eller uendelig).")
            continue
        geom, problem = _repaired(geom)
        geojson = None
        if geom is not None:
            try:
                geojson = to_geojson(geom)
                if geom.geom_type != "Point":
                    # Rounding may collapse a sliver; the sync would skip it, say so here.
                    describe(geojson)
            except (GeometryError, shapely.errors.GEOSException) as exc:
                problem = f"ugyldig geometri ({exc})."
        if problem:
            skipped.append(f"Række {i + 1}: {problem}")
            continue
        fields = mapper(props)
        # Only http(s) links may become an href; javascript: and the like are left out.
        fields["website"] = http_url(fields["website"])
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
    if not unique:
        # Syncing nothing would retire every facility of the source: refuse instead.
        raise ImportFileError(
            "Ingen af filens steder kan importeres. " + " ".join(skipped[:5]) + " Intet er gemt."
        )
    return ReadResult(records=unique, profile=profile, format=fmt, skipped=skipped)


def _gdal_names(props: dict) -> dict:
    """GDAL's GPX and KML writers prefix the fields they add (ogr_tags, ogr_osm_id): unprefix."""
    out = {}
    for key, value in props.items():
        name = str(key)
        if name.lower().startswith("ogr_") and name[4:] and name[4:] not in props:
            name = name[4:]
        out[name] = value
    return out


def _finite(geoms):
    """Per geometry: are all its coordinates real numbers (no NaN, no infinity)?"""
    import numpy as np
    import shapely

    coords, index = shapely.get_coordinates(geoms, return_index=True)
    finite = np.ones(len(geoms), dtype=bool)
    finite[index[~np.isfinite(coords).all(axis=1)]] = False
    return finite


FAMILY = {
    "Point": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "area",
    "MultiPolygon": "area",
}


def _repaired(geom):
    """(a valid geometry of the same kind, None) or (None, the reason it cannot be used).

    Empty parts are dropped; a self-intersecting polygon is mended with make_valid, keeping
    only the parts of its own kind (the stray lines of a spike go).
    """
    import shapely
    from shapely.geometry import MultiLineString, MultiPolygon

    geom = _simplest(geom)
    family = FAMILY.get(geom.geom_type)
    if family is None:
        return None, f"geometritypen {geom.geom_type} understøttes ikke."
    if geom.geom_type.startswith("Multi"):
        parts = [p for p in geom.geoms if not p.is_empty]
        geom = _simplest(type(geom)(parts)) if parts else None
    if geom is None or geom.is_empty:
        return None, "geometrien er tom."
    if geom.is_valid:
        return geom, None
    parts = [p for p in _flat_parts(shapely.make_valid(geom)) if FAMILY.get(p.geom_type) == family]
    if not parts:
        return None, f"ugyldig geometri ({shapely.is_valid_reason(geom)}), som ikke kan rettes."
    if len(parts) == 1:
        return parts[0], None
    return (MultiPolygon if family == "area" else MultiLineString)(parts), None


def _flat_parts(geom):
    if geom.is_empty:
        return []
    if hasattr(geom, "geoms"):
        return [p for part in geom.geoms for p in _flat_parts(part)]
    return [geom]


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
