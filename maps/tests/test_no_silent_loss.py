"""No facility import loses data in silence: skips are counted and fail the run, retiring is
explicit and refused for a file that has lost most of the source, and files written by real
tools (GDAL's ogr2ogr, Danish Excel) are understood.
"""

import json
import shutil
import subprocess
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from maps.importers import read_facilities
from maps.importers.profiles import parse_hstore
from maps.models import Facility
from maps.services import facilities_sync
from maps.tests.conftest import REAL, record

pytestmark = pytest.mark.django_db
HEDENSTED = f"{REAL}/campsites_hedensted_bbox.geojson"
needs_gdal = pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="needs gdal-bin")


def maps_sync(path, *options, source="osm"):
    """(exit code, everything printed), as cron sees them."""
    out = StringIO()
    try:
        call_command(
            "maps_sync", str(path), "--source", source, "--no-progress", *options, stdout=out
        )
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def ogr_gpx(tmp_path):
    """The Hedensted camp sites as ogr2ogr writes them to GPX: fields ogr_osm_id, ogr_tags."""
    target = tmp_path / "ogr.gpx"
    subprocess.run(
        ["ogr2ogr", "-f", "GPX", "-dsco", "GPX_USE_EXTENSIONS=YES", target, HEDENSTED],
        check=True,
        capture_output=True,
    )
    assert "<ogr:tags>" in target.read_text() and "<ogr:osm_id>" in target.read_text()
    return target


def active(source="osm"):
    return Facility.objects.filter(source=source, retired_at__isnull=True).count()


# ------------------------------------------------------------------ retiring and skipping


@needs_gdal
def test_a_file_that_maps_nothing_retires_nothing_and_exits_non_zero(layers, tmp_path):
    code, text = maps_sync(HEDENSTED)
    assert code == 0 and "53 created" in text
    gpx = ogr_gpx(tmp_path)

    # The generic profile finds no layer for any of them: everything would be skipped.
    code, text = maps_sync(gpx, "--profile", "generic", "--retire-missing")
    assert code != 0
    assert "kun 0 af kildens 53 aktive steder" in text and "Intet er gemt" in text
    assert active() == 53

    code, text = maps_sync(gpx, "--profile", "generic")
    assert code != 0 and "53 skipped" in text and "0 retired" in text
    assert active() == 53


def test_retiring_needs_the_flag_and_is_refused_when_fewer_than_half_remain(layers, tmp_path):
    facilities_sync(records=[record(str(i), name=f"Sted {i}") for i in range(6)], source="osm")
    two_left = tmp_path / "two.geojson"
    two_left.write_text(json.dumps(collection([point_feature(str(i)) for i in range(2)])))

    code, text = maps_sync(two_left)
    assert code == 0 and "0 retired" in text and active() == 6

    code, text = maps_sync(two_left, "--retire-missing")
    assert code != 0 and "kun 2 af kildens 6 aktive steder (under halvdelen)" in text
    assert active() == 6

    three_left = tmp_path / "three.geojson"
    three_left.write_text(json.dumps(collection([point_feature(str(i)) for i in range(3)])))
    code, text = maps_sync(three_left, "--retire-missing")
    assert code == 0 and "3 retired" in text and active() == 3


def test_skipped_features_are_counted_with_their_reason_and_fail_the_run(layers, tmp_path):
    features = [point_feature(str(i)) for i in range(3)]
    features += [point_feature(f"x{i}", layer="rumskibe") for i in range(25)]
    path = tmp_path / "mixed.geojson"
    path.write_text(json.dumps(collection(features)))

    code, text = maps_sync(path, "--dry-run")
    assert code != 0 and "25 skipped" in text
    assert "25 × intet kortlag passer til 'rumskibe'." in text
    assert text.count("  skipped: ") == 20 and "... and 5 more skipped" in text
    assert active() == 0

    code, text = maps_sync(path, "--skips-expected")
    assert code == 0 and "3 created" in text and "25 skipped" in text


def point_feature(external_id, layer="shelters", lon=9.71, lat=55.77, **props):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"id": external_id, "name": f"Sted {external_id}", "layer": layer, **props},
    }


def collection(features):
    return {"type": "FeatureCollection", "features": features}


def test_places_outside_the_municipality_are_counted_and_left_out_only_when_asked(
    layers, area, tmp_path
):
    path = tmp_path / "national.geojson"
    inside, outside = point_feature("in"), point_feature("far", lon=12.5, lat=55.68)
    path.write_text(json.dumps(collection([inside, outside, point_feature("far2", lon=10.0)])))
    code, text = maps_sync(path, source="national")
    assert code == 0 and "3 created" in text
    assert "2 steder ligger uden for kommunen (udelad dem med --leave-outside)" in text
    code, text = maps_sync(path, "--leave-outside", "--retire-missing", source="national")
    assert code == 0 and "2 steder uden for kommunen er udeladt" in text
    assert "2 retired" in text
    assert list(
        Facility.objects.filter(source="national", retired_at__isnull=True).values_list(
            "external_id", flat=True
        )
    ) == ["in"]


# ------------------------------------------------------------------ files from real tools


@needs_gdal
def test_the_real_hedensted_file_as_ogr2ogr_gpx_reads_its_ogr_tags_and_changes_nothing(
    layers, tmp_path
):
    assert maps_sync(HEDENSTED)[0] == 0
    code, text = maps_sync(ogr_gpx(tmp_path), "--retire-missing")
    assert code == 0 and "0 created, 0 updated, 53 unchanged, 0 retired, 0 skipped" in text
    vingsted = Facility.objects.get(external_id="node/502274279")
    assert vingsted.fire_allowed is True and vingsted.owner_name == "Vejle Kommune"
    assert vingsted.extra["wood_provided"] == "yes"


def test_gdal_hstore_tags_are_parsed():
    text = '"amenity"=>"shelter","name"=>"Ly ved \\"søen\\"","fee"=>"no"'
    assert parse_hstore(text) == {"amenity": "shelter", "name": 'Ly ved "søen"', "fee": "no"}


def test_a_gpx_with_ogr_fields_and_hstore_tags_is_read_with_the_osm_profile(tmp_path):
    path = tmp_path / "ogr.gpx"
    path.write_text(
        '<?xml version="1.0"?><gpx version="1.1" creator="GDAL" '
        'xmlns="http://www.topografix.com/GPX/1/1" xmlns:ogr="http://osgeo.org/gdal">'
        '<wpt lat="55.77" lon="9.71"><name>Ly</name><extensions>'
        "<ogr:osm_id>node/7</ogr:osm_id>"
        "<ogr:tags>&quot;amenity&quot;=&gt;&quot;shelter&quot;,"
        "&quot;wheelchair&quot;=&gt;&quot;yes&quot;,&quot;bin&quot;=&gt;&quot;yes&quot;</ogr:tags>"
        "</extensions></wpt></gpx>"
    )
    result = read_facilities(path)
    (shelter,) = result.records
    assert result.profile == "osm" and shelter.external_id == "node/7"
    assert (shelter.layer, shelter.name, shelter.wheelchair) == ("shelters", "Ly", True)
    assert shelter.extra == {"bin": "yes"}


def test_a_danish_excel_csv_in_cp1252_with_semicolons_and_danish_fields(layers, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "Navn;Type;Beskrivelse;Bookbar;Handicapvenlig;Kapacitet;Ejer;Længdegrad;Breddegrad;Nøgle\r\n"
        "Bålhytten;Bålpladser;Ved åen;Ja;Nej;12;Grundejerforeningen;9,71;55,77;Hos Søren\r\n".encode(
            "cp1252"
        )
    )
    code, text = maps_sync(path)
    assert code == 0 and "1 created" in text
    hut = Facility.objects.get()
    assert (hut.name, hut.layer.slug, hut.description) == ("Bålhytten", "fire-pits", "Ved åen")
    assert (hut.bookable, hut.wheelchair, hut.capacity) == (True, False, 12)
    assert hut.owner_name == "Grundejerforeningen"
    assert hut.extra == {"Nøgle": "Hos Søren"}


@pytest.mark.parametrize(
    "encoding,separator", [("utf-8", ","), ("utf-8-sig", "\t"), ("cp1252", ";")]
)
def test_csv_encoding_and_separator_are_detected(tmp_path, encoding, separator):
    path = tmp_path / "sites.csv"
    rows = [["navn", "lag", "lon", "lat"], ["Æblehaven", "shelters", "9.71", "55.77"]]
    path.write_bytes("\n".join(separator.join(r) for r in rows).encode(encoding))
    (site,) = read_facilities(path).records
    assert site.name == "Æblehaven" and site.geometry["coordinates"] == [9.71, 55.77]


def test_csv_x_y_in_degrees_and_in_utm_32n_give_the_same_place(tmp_path):
    degrees = tmp_path / "degrees.csv"
    degrees.write_text("navn,X,Y\nSkuret,9.71,55.77\n")
    utm = tmp_path / "utm.csv"
    utm.write_text("navn,X,Y\nSkuret,544543.35,6180709.88\n")
    (a,) = read_facilities(degrees).records
    (b,) = read_facilities(utm).records
    assert a.geometry["coordinates"] == [9.71, 55.77]
    assert b.geometry["coordinates"] == pytest.approx([9.71, 55.77], abs=1e-5)


@needs_gdal
def test_every_layer_of_a_zipped_multi_layer_shapefile_is_read(tmp_path):
    source = tmp_path / "mixed.geojson"
    features = [point_feature("p1"), point_feature("p2", lon=9.72)]
    features.append(
        {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[9.70, 55.76], [9.72, 55.78]]},
            "properties": {"id": "l1", "name": "Stien", "layer": "trails"},
        }
    )
    source.write_text(json.dumps(collection(features)))
    folder = tmp_path / "shapes"
    for kind, name in (("POINT", "punkter"), ("LINESTRING", "stier")):
        subprocess.run(
            ["ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", "EPSG:25832", "-nln", name,
             "-where", f"OGR_GEOMETRY='{kind}'", folder, source],
            check=True, capture_output=True,
        )  # fmt: skip
    path = tmp_path / "layers.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    result = read_facilities(path)
    assert sorted(r.external_id for r in result.records) == ["l1", "p1", "p2"]


def test_a_line_with_a_nan_vertex_is_skipped_with_a_reason_not_a_traceback(layers, tmp_path):
    line = {"type": "LineString", "coordinates": [[9.70, 55.76], [float("nan"), 55.77]]}
    features = [point_feature("ok"), {"type": "Feature", "geometry": line, "properties": {}}]
    path = tmp_path / "nan.geojson"
    path.write_text(json.dumps(collection(features)))
    code, text = maps_sync(path)
    assert code != 0 and "1 created" in text and "NaN eller uendelig" in text


def test_a_clockwise_polygon_is_stored_counter_clockwise(tmp_path):
    clockwise = [[9.70, 55.76], [9.70, 55.77], [9.71, 55.77], [9.71, 55.76], [9.70, 55.76]]
    feature = point_feature("a", layer="green-areas")
    feature["geometry"] = {"type": "Polygon", "coordinates": [clockwise]}
    path = tmp_path / "cw.geojson"
    path.write_text(json.dumps(collection([feature])))
    from shapely.geometry import shape

    (area,) = read_facilities(path).records
    assert shape(area.geometry).exterior.is_ccw


def test_unmapped_properties_are_shown_on_the_facility_page(client, layers):
    facilities_sync(records=[record("x", extra={"Nøgle": "Hos Søren"})], source="osm")
    facility = Facility.objects.get()
    html = client.get(f"/kort/facilitet/{facility.pk}/").content.decode()
    assert "Flere oplysninger" in html and "Hos Søren" in html


def test_the_admin_preview_says_why_retiring_is_refused_and_applying_changes_nothing(
    client, settings, tmp_path, existing
):
    from community.tests.factories import administrator
    from maps.tests.hostile import apply, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(administrator())
    other = tmp_path / "other.geojson"
    other.write_text(json.dumps(collection([point_feature("new")])))

    preview = upload(client, other, retire_missing="on").content.decode()
    assert "kun 0 af kildens 1 aktive steder (under halvdelen)" in preview
    token = preview.split('name="token" value="')[1].split('"')[0]
    apply(client, token, retire_missing="True")
    assert Facility.objects.get(pk=existing.pk).retired_at is None
    assert not Facility.objects.filter(external_id="new").exists()
