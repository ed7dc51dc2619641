"""What the hostile-file tests share: a few file builders and the ways into the importer.

test_hostile_files.py feeds files that must be refused through every way in; test_mended_files.py
feeds files with broken parts that are mended or skipped, and the links a file may carry.
"""

import json
import uuid
import zipfile
from io import StringIO
from pathlib import Path

import geopandas as gpd
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from shapely.geometry import Point

from maps.admin import STAGING
from maps.models import Facility

SOURCE = "hostile"
OUR_FAULT = "fejl hos os"

GPX_WITH_DTD = (
    '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    '<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1">'
    '<wpt lat="55.77" lon="9.71"><name>&b;</name></wpt></gpx>'
)


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def geojson_text(*features) -> str:
    # GDAL reads NaN and Infinity in GeoJSON, so hostile files may hold them: json.dumps writes them.
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def geojson_file(folder: Path, name: str, *features) -> Path:
    path = folder / name
    path.write_text(geojson_text(*features))
    return path


POINT = {"type": "Point", "coordinates": [9.71, 55.77]}
A_GOOD_POINT = feature(POINT, name="Shelter", layer="shelters", id="ok")


def zipped_shapefile(folder: Path) -> Path:
    shp = folder / "shp"
    shp.mkdir()
    gpd.GeoDataFrame(
        {"name": ["Shelter"], "layer": ["shelters"]}, geometry=[Point(9.71, 55.77)], crs=4326
    ).to_file(shp / "faciliteter.shp")
    archive = folder / "faciliteter.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in shp.iterdir():
            z.write(f, f.name)
    return archive


def ids(cases):
    return [build.__name__ for build, _ in cases]


def assert_nothing_changed(existing):
    assert list(Facility.objects.all()) == [existing]
    existing.refresh_from_db()
    assert existing.retired_at is None and existing.name == "Gammelt shelter"


def staged_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / STAGING
    return list(folder.iterdir()) if folder.exists() else []


def sync_command(path, *options):
    """(exit code, message) of maps_sync, as cron would see them."""
    out = StringIO()
    try:
        call_command(
            "maps_sync", str(path), "--source", SOURCE, "--no-progress", *options, stdout=out
        )
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, out.getvalue()


def upload(client, path, **data):
    return client.post(
        reverse("admin:maps_facility_import"),
        {
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
            "source": SOURCE,
            "profile": "auto",
            **data,
        },
    )


def apply(client, staged_name, **data):
    return client.post(
        reverse("admin:maps_facility_import"),
        {"apply": "1", "token": staged_name, "source": SOURCE, "profile": "auto", **data},
    )


def stage(settings, path) -> str:
    """Put a file where a preview would have left it: the apply step must cope with any file."""
    folder = Path(settings.MEDIA_ROOT) / STAGING
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}{path.suffix.lower()}"
    (folder / name).write_bytes(path.read_bytes())
    return name
