"""GDAL, a client nobody on the project wrote, reads the OGC API – Features from a live server:
ogrinfo finds every collection and feature, ogr2ogr copies each layer to GeoPackage and Shapefile,
every geometry is valid RFC 7946, and our bbox answers are GDAL's own spatial filter (-spat).
"""

import json
import random
import re
import shutil
import subprocess
import urllib.request

import pytest
import shapely
from shapely.geometry import shape

from maps.geometry import _ring_is_ccw
from maps.importers import FacilityRecord
from maps.services import facilities_sync
from maps.tests.conftest import record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="needs gdal-bin (ogr2ogr)"),
]

# Drawn clockwise, as DAGI and old imports store them; the API must turn them.
CLOCKWISE = [[9.702, 55.762], [9.702, 55.766], [9.708, 55.766], [9.708, 55.762], [9.702, 55.762]]
HOLED = [
    [[9.710, 55.770], [9.718, 55.770], [9.718, 55.778], [9.710, 55.778], [9.710, 55.770]],
    [[9.712, 55.772], [9.712, 55.776], [9.716, 55.776], [9.716, 55.772], [9.712, 55.772]],
]


def run(*args) -> str:
    result = subprocess.run(
        [*map(str, args)], check=True, capture_output=True, text=True, timeout=120
    )
    return result.stdout


@pytest.fixture
def world(layers, area):
    """A small municipality: points in three layers, diagonal trails and areas (one with a hole)."""
    from community.tests.factories import LocalAreaFactory

    LocalAreaFactory(name="Nabo", slug="nabo", lon=9.72, lat=55.76)
    rng = random.Random(15)
    records = [
        record(
            f"p{i}",
            name=f"Sted {i}",
            layer=["shelters", "fire-pits", "playgrounds"][i % 3],
            lon=round(rng.uniform(9.70, 9.74), 6),
            lat=round(rng.uniform(55.76, 55.78), 6),
            wheelchair=[True, False, None][i % 3],
        )
        for i in range(23)
    ]
    for i in range(4):
        x, y = 9.70 + i * 0.008, 55.76
        records.append(
            FacilityRecord(
                f"t{i}",
                name=f"Sti {i}",
                layer="trails",
                geometry={
                    "type": "LineString",
                    "coordinates": [[x, y], [x + 0.006, y + 0.01], [x + 0.012, y + 0.012]],
                },
            )
        )
    records.append(
        FacilityRecord(
            "s1",
            name="Skovstierne",
            layer="trails",
            geometry={
                "type": "MultiLineString",
                "coordinates": [[[9.73, 55.77], [9.735, 55.775]], [[9.736, 55.776], [9.74, 55.78]]],
            },
        )
    )
    facilities_sync(records=records, source="gdal")
    from maps.models import Facility

    # Saved as they come, without the importer's turning: clockwise rings stay clockwise in the row.
    for name, geometry in [
        ("Engen", {"type": "Polygon", "coordinates": [CLOCKWISE]}),
        ("Søen med øen", {"type": "Polygon", "coordinates": HOLED}),
    ]:
        Facility(name=name, layer=layers["green-areas"], geometry=geometry).save()
    counts = {}
    for facility in Facility.objects.select_related("layer"):
        counts[facility.layer.slug] = counts.get(facility.layer.slug, 0) + 1
    counts["local-areas"] = 2
    return counts


def fetch(url: str) -> dict:
    with urllib.request.urlopen(url) as response:
        return json.loads(response.read())


def every_collection(base: str) -> list[str]:
    return [c["id"] for c in fetch(f"{base}/collections?f=json")["collections"]]


def all_items(url: str) -> list[dict]:
    """Every feature behind an items URL, following the next links."""
    found, next_url = [], url
    while next_url:
        page = fetch(next_url)
        found += page["features"]
        next_url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    return found


@pytest.fixture
def base(live_server):
    return f"{live_server.url}/kort/ogc"


def test_ogrinfo_lists_every_collection_and_reads_every_feature_page_by_page(world, base):
    listing = run("ogrinfo", "-ro", f"OAPIF:{base}")
    listed = re.findall(r"^\d+: (\S+)", listing, re.M)
    assert set(listed) == set(every_collection(base))
    for collection in listed:
        # A page size of 4 makes GDAL follow the next links, as QGIS does.
        out = run("ogrinfo", "-ro", "-al", "-q", "-oo", "PAGE_SIZE=4", f"OAPIF:{base}", collection)
        assert out.count("OGRFeature(") == world.get(collection, 0), collection


@pytest.mark.parametrize("driver, suffix", [("GPKG", "gpkg"), ("ESRI Shapefile", "shp")])
def test_ogr2ogr_copies_each_layer_whole(world, base, tmp_path, driver, suffix):
    for collection, count in world.items():
        target = tmp_path / f"{collection}.{suffix}"
        run("ogr2ogr", "-f", driver, target, f"OAPIF:{base}", collection)
        info = run("ogrinfo", "-ro", "-so", "-al", target)
        assert f"Feature Count: {count}" in info, (collection, info)


def test_a_layer_of_mixed_geometry_reaches_a_shapefile_one_type_at_a_time(world, base, tmp_path):
    from maps.models import Facility

    shelters = world["shelters"]
    Facility(
        name="Shelterpladsen",
        layer=Facility.objects.filter(layer__slug="shelters").first().layer,
        geometry={"type": "Polygon", "coordinates": [CLOCKWISE]},
    ).save()
    copied = 0
    for kind in ["Point", "LineString", "Polygon"]:
        target = tmp_path / f"shelters-{kind}.shp"
        url = f"{base}/collections/shelters/items?f=json&limit=10000&geometry_type={kind}"
        run("ogr2ogr", "-f", "ESRI Shapefile", target, url)
        info = run("ogrinfo", "-ro", "-so", "-al", target)
        copied += int(re.search(r"Feature Count: (\d+)", info).group(1))
    assert copied == shelters + 1


def test_every_geometry_of_every_answer_is_valid_and_wound_as_rfc_7946_asks(world, base):
    answers = [f"{base}/collections/{c}/items?limit=3" for c in every_collection(base)]
    geometries = [f["geometry"] for url in answers for f in all_items(url)]
    api = fetch(base.removesuffix("/ogc") + "/api/facilities.geojson")
    areas = fetch(base.removesuffix("/ogc") + "/api/areas.geojson")
    geometries += [f["geometry"] for f in api["features"] + areas["features"]]
    assert len(geometries) == 2 * sum(world.values())
    for geometry in geometries:
        assert shapely.is_valid(shape(geometry)), geometry
        polygons = {
            "Polygon": [geometry.get("coordinates")],
            "MultiPolygon": geometry.get("coordinates"),
        }
        for rings in polygons.get(geometry["type"], []):
            assert _ring_is_ccw(rings[0]) and not any(_ring_is_ccw(r) for r in rings[1:])


def test_bbox_answers_are_gdals_own_spatial_filter_on_forty_random_boxes(world, base, tmp_path):
    collections = [c for c in every_collection(base) if world.get(c)]
    copies = {}
    for collection in collections:
        copies[collection] = tmp_path / f"{collection}.geojson"
        copies[collection].write_text(
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": all_items(f"{base}/collections/{collection}/items?limit=10000"),
                }
            )
        )
    rng = random.Random(40)
    compared = 0
    for _ in range(40):
        w, s = rng.uniform(9.69, 9.75), rng.uniform(55.755, 55.785)
        e, n = w + rng.uniform(0.0005, 0.02), s + rng.uniform(0.0005, 0.012)
        bbox = f"{w:.6f},{s:.6f},{e:.6f},{n:.6f}"
        for collection in collections:
            ours = {
                f["id"]
                for f in fetch(f"{base}/collections/{collection}/items?limit=10000&bbox={bbox}")[
                    "features"
                ]
            }
            out = run(
                "ogr2ogr",
                "-f",
                "GeoJSON",
                "/vsistdout/",
                copies[collection],
                "-spat",
                *bbox.split(","),
                "-preserve_fid",
            )
            gdal = {f["id"] for f in json.loads(out)["features"]}
            assert ours == gdal, (collection, bbox)
            compared += len(ours)
    assert compared > 40, "the boxes found too little to compare"
