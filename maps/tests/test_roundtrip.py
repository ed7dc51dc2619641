"""Our own facilities, exported through the GeoJSON API and converted by GDAL's ogr2ogr into
every format the importer takes, come back complete: the same count, each place within 1 m,
and a second run of the same file changes nothing.
"""

import json
import math
import shutil
import subprocess
import zipfile

import pytest

from maps.importers import FacilityRecord
from maps.models import Facility
from maps.services import facilities_import_file, facilities_sync
from maps.tests.conftest import record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="needs gdal-bin (ogr2ogr)"),
]

SQUARE = [[9.700, 55.760], [9.704, 55.760], [9.704, 55.763], [9.700, 55.763], [9.700, 55.760]]


def ogr2ogr(*args):
    subprocess.run(["ogr2ogr", *map(str, args)], check=True, capture_output=True)


@pytest.fixture
def exported(client, layers, tmp_path):
    """Five facilities of the project (points, a line, an area), as the public API gives them."""
    records = [
        record("p1", name="Shelter ved skoven", lon=9.7101, lat=55.7702, wheelchair=True),
        record("p2", name="Bålplads ved søen", layer="fire-pits", lon=9.7402, lat=55.7803),
        record("p3", name="Legepladsen", layer="playgrounds", lon=9.6803, lat=55.7504, capacity=20),
        FacilityRecord(
            "l1",
            name="Skovstien",
            layer="trails",
            geometry={"type": "LineString", "coordinates": [[9.70, 55.76], [9.72, 55.78]]},
        ),
        FacilityRecord(
            "a1",
            name="Engen",
            layer="green-areas",
            geometry={"type": "Polygon", "coordinates": [SQUARE]},
        ),
    ]
    facilities_sync(records=records, source="ours")
    response = client.get("/kort/api/facilities.geojson")
    assert response.status_code == 200
    path = tmp_path / "export.geojson"
    path.write_bytes(response.content)
    assert len(json.loads(response.content)["features"]) == 5
    return path


def where(kind):
    return ["-where", f"OGR_GEOMETRY='{kind}'"]


def multi_layer_gpkg(source, target):
    """One layer per kind of geometry, as GIS tools save a mixed collection."""
    ogr2ogr("-f", "GPKG", target, source, *where("POINT"), "-nlt", "POINT", "-nln", "points")
    for kind, name in (("LINESTRING", "lines"), ("POLYGON", "areas")):
        ogr2ogr("-f", "GPKG", "-update", target, source, *where(kind), "-nlt", kind, "-nln", name)
    return target


def to_geojson(source, folder):
    target = folder / "ogr.geojson"
    ogr2ogr("-f", "GeoJSON", target, source)
    return target, 5


def to_kml(source, folder):
    target = folder / "ogr.kml"
    ogr2ogr("-f", "KML", target, source)
    return target, 5


def to_gpx(source, folder):
    # GPX holds waypoints and tracks, no areas: 4 of the 5.
    staged = folder / "gpx-layers.gpkg"
    ogr2ogr("-f", "GPKG", staged, source, *where("POINT"), "-nlt", "POINT", "-nln", "waypoints")
    ogr2ogr(
        "-f", "GPKG", "-update", staged, source, *where("LINESTRING"),
        "-nlt", "MULTILINESTRING", "-nln", "tracks",
    )  # fmt: skip
    target = folder / "ogr.gpx"
    ogr2ogr("-f", "GPX", "-dsco", "GPX_USE_EXTENSIONS=YES", target, staged)
    return target, 4


def to_gpkg(source, folder):
    return multi_layer_gpkg(source, folder / "ogr.gpkg"), 5


def to_shapefile_zip(source, folder):
    layered = multi_layer_gpkg(source, folder / "layers.gpkg")
    shapes = folder / "shapes"
    ogr2ogr("-f", "ESRI Shapefile", "-t_srs", "EPSG:25832", shapes, layered)
    target = folder / "ogr.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for part in sorted(shapes.iterdir()):
            archive.write(part, part.name)
    assert len([n for n in archive.namelist() if n.endswith(".shp")]) == 3
    return target, 5


def to_csv(source, folder):
    # A CSV holds points: X and Y columns in degrees, as ogr2ogr writes them.
    target = folder / "ogr.csv"
    ogr2ogr("-f", "CSV", "-lco", "GEOMETRY=AS_XY", target, source, *where("POINT"))
    return target, 3


CONVERSIONS = [to_geojson, to_kml, to_gpx, to_gpkg, to_shapefile_zip, to_csv]


def metres(a, b):
    dlat = (a[1] - b[1]) * 111_320
    dlon = (a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1]))
    return math.hypot(dlat, dlon)


@pytest.mark.parametrize("convert", CONVERSIONS, ids=lambda c: c.__name__)
def test_our_export_converted_by_ogr2ogr_comes_back_whole_and_a_second_run_is_unchanged(
    exported, tmp_path, convert
):
    path, count = convert(exported, tmp_path)
    originals = {f.name: (f.lon, f.lat) for f in Facility.objects.filter(source="ours")}

    first = facilities_import_file(path=path, source="round-trip")

    assert first.skipped == [] and first.refused_reason == ""
    assert (first.created, first.updated, first.retired) == (count, 0, 0)
    imported = Facility.objects.filter(source="round-trip")
    assert imported.count() == count
    for facility in imported:
        assert metres((facility.lon, facility.lat), originals[facility.name]) < 1, facility.name
        assert facility.layer == Facility.objects.get(source="ours", name=facility.name).layer

    again = facilities_import_file(path=path, source="round-trip")
    assert (again.created, again.updated, again.unchanged, again.retired) == (0, 0, count, 0)
    assert again.skipped == []
