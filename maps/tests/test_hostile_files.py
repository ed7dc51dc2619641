"""A corpus of hostile files, generated here, through every way into the importer.

Each file goes through read_facilities, the maps_sync command and the admin's preview and apply
views: it must give a clear message, a non-zero exit and no change at all. The content checks
must still let well-formed files of the same kinds through.
"""

import random
import re
import zipfile

import geopandas as gpd
import pytest
from shapely.geometry import Point

from community.tests.factories import administrator
from maps.importers import ImportFileError, read_facilities
from maps.importers.safety import MAX_BYTES
from maps.tests.hostile import (
    GPX_WITH_DTD,
    OUR_FAULT,
    POINT,
    apply,
    assert_nothing_changed,
    feature,
    geojson_file,
    ids,
    stage,
    staged_files,
    sync_command,
    upload,
    zipped_shapefile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_limits")]


# ------------------------------------------------------------------ the corpus: refused files


def zip_bomb(folder):
    path = folder / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.shp", b"\0" * (10 * 1024 * 1024))
    return path


def billion_laughs(folder):
    levels = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' if i else '<!ENTITY l0 "lol">' for i in range(10)
    )
    path = folder / "laughs.gpx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE gpx [{levels}]>'
        '<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1">'
        '<wpt lat="55.77" lon="9.71"><name>&l9;</name></wpt></gpx>'
    )
    return path


def external_entity(folder):
    path = folder / "xxe.kml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&x;</name>'
        "<Point><coordinates>9.71,55.77</coordinates></Point></Placemark></kml>"
    )
    return path


def path_traversal_zip(folder):
    path = folder / "traversal.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("../../etc/faciliteter.shp", b"x")
    return path


def absolute_path_zip(folder):
    path = folder / "absolute.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("/tmp/faciliteter.shp", b"x")
    return path


def oversized(folder):
    path = folder / "big.geojson"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: the size is refused before anything is read
    return path


def gpx_with_dtd_named(suffix):
    def build(folder):
        path = folder / f"renamed{suffix}"
        path.write_text(GPX_WITH_DTD)
        return path

    build.__name__ = f"gpx_with_dtd_named_{suffix[1:]}"
    return build


def gpx_with_dtd_as_the_shp_of_a_zip(folder):
    path = folder / "disguised.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("faciliteter.shp", GPX_WITH_DTD)
    return path


def geopackage_named_geojson(folder):
    path = folder / "real.gpkg"
    gpd.GeoDataFrame(
        {"name": ["Shelter"], "layer": ["shelters"]}, geometry=[Point(9.71, 55.77)], crs=4326
    ).to_file(path, driver="GPKG")
    return path.rename(folder / "renamed.geojson")


def only_nan_vertices(folder):
    line = {"type": "LineString", "coordinates": [[9.70, 55.76], [float("nan"), 55.77]]}
    return geojson_file(folder, "nan-only.geojson", feature(line, name="Sti", layer="trails"))


def empty_geometry(folder):
    return geojson_file(
        folder,
        "empty-geometry.geojson",
        feature({"type": "LineString", "coordinates": []}, name="Sti", layer="trails"),
        feature({"type": "Polygon", "coordinates": []}, name="Område", layer="green-areas"),
    )


def too_many_features_csv(folder):
    path = folder / "many.csv"
    rows = "".join(f"Shelter {i};shelters;s{i};9,71;55,77\n" for i in range(50))
    path.write_text("navn;lag;id;lon;lat\n" + rows)
    return path


def too_many_features_geojson(folder):
    points = [feature(POINT, name=f"S{i}", id=f"s{i}") for i in range(50)]
    return geojson_file(folder, "many.geojson", *points)


def binary_garbage_named_gpx(folder):
    path = folder / "garbage.gpx"
    path.write_bytes(random.Random(10).randbytes(4096))
    return path


def empty_file(folder):
    path = folder / "empty.geojson"
    path.write_bytes(b"")
    return path


def truncated_zip(folder):
    archive = zipped_shapefile(folder)
    data = archive.read_bytes()
    path = folder / "truncated.zip"
    path.write_bytes(data[: len(data) // 2])
    return path


# The "too many" files hold 50 features; the tests lower the limit to 10 so they stay small.
REFUSED = [
    (zip_bomb, "zip-bombe"),
    (billion_laughs, "DTD'er eller entiteter"),
    (external_entity, "DTD'er eller entiteter"),
    (path_traversal_zip, "ugyldige stier"),
    (absolute_path_zip, "ugyldige stier"),
    (oversized, "for stor"),
    (gpx_with_dtd_named(".gpkg"), "DTD'er eller entiteter"),
    (gpx_with_dtd_named(".geojson"), "DTD'er eller entiteter"),
    (gpx_with_dtd_named(".csv"), "DTD'er eller entiteter"),
    (gpx_with_dtd_as_the_shp_of_a_zip, "er ikke en shapefil"),
    (geopackage_named_geojson, "slutter på .geojson, men indholdet er en GeoPackage"),
    (only_nan_vertices, "Ingen af filens steder kan importeres.*NaN"),
    (empty_geometry, "ingen geometri"),
    (too_many_features_csv, "højst 10 kan importeres"),
    (too_many_features_geojson, "Filen har 50 steder; højst 10"),
    (binary_garbage_named_gpx, "kan ikke læses"),
    (empty_file, "[Ff]il(en)? er tom"),
    (truncated_zip, "ikke en gyldig zip-fil"),
]


# ------------------------------------------------------------------ refused files


@pytest.mark.parametrize("build,message", REFUSED, ids=ids(REFUSED))
def test_read_facilities_refuses_each_hostile_file_with_a_clear_message(corpus, build, message):
    with pytest.raises(ImportFileError, match=message):
        read_facilities(build(corpus), max_features=10)


@pytest.mark.parametrize("build,message", REFUSED, ids=ids(REFUSED))
def test_the_command_exits_non_zero_on_each_hostile_file_and_changes_nothing(
    corpus, existing, build, message
):
    path = build(corpus)
    for options in (["--dry-run"], []):
        code, text = sync_command(path, *options)
        assert code != 0
        assert re.search(message, text)
        assert_nothing_changed(existing)


@pytest.mark.parametrize("build,message", REFUSED, ids=ids(REFUSED))
def test_the_admin_preview_refuses_each_hostile_file_and_keeps_no_copy(
    client, settings, corpus, existing, build, message
):
    client.force_login(administrator())
    response = upload(client, build(corpus), retire_missing="on")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(message, html.replace("&#x27;", "'")) and OUR_FAULT not in html
    assert 'name="token"' not in html
    assert staged_files(settings) == []
    assert_nothing_changed(existing)


@pytest.mark.parametrize("build,message", REFUSED, ids=ids(REFUSED))
def test_the_admin_apply_refuses_each_hostile_file_and_deletes_it(
    client, settings, corpus, existing, build, message
):
    client.force_login(administrator())
    response = apply(client, stage(settings, build(corpus)), retire_missing="True")
    assert response.status_code == 302
    job = client.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert "Importen mislykkedes" in job and "Intet er ændret." in job
    shown = re.search(r"data-import-error>(.*?)</p>", job, re.S).group(1)
    assert re.search(message, shown) and OUR_FAULT not in shown
    assert staged_files(settings) == []
    assert_nothing_changed(existing)


# ------------------------------------------------------------------ the other ways in


def test_a_file_of_the_limit_exactly_is_imported(corpus, settings, layers):
    settings.MAPS_IMPORT_MAX_FEATURES = 50
    code, text = sync_command(too_many_features_csv(corpus))
    assert code == 0 and "50 created" in text


def test_a_well_formed_gpx_is_still_read_with_the_content_check(corpus):
    path = corpus / "ok.gpx"
    path.write_text(GPX_WITH_DTD.split("]>")[1].replace("&b;", "Bålplads"))
    assert [r.name for r in read_facilities(path).records] == ["Bålplads"]


def test_a_zipped_shapefile_still_passes_the_content_check(corpus):
    assert [r.name for r in read_facilities(zipped_shapefile(corpus)).records] == ["Shelter"]
