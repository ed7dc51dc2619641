"""A corpus of hostile and broken files, generated here, through every way into the importer.

Each file goes through read_facilities, the maps_sync command (dry run and real run) and the
admin's preview and apply views. Refused files must give a clear message, a non-zero exit and
no change at all; mendable files are imported with what cannot be mended skipped and named.
"""

import json
import random
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import geopandas as gpd
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from shapely.geometry import Point

from community.tests.factories import administrator
from maps.admin import STAGING
from maps.importers import ImportFileError, read_facilities
from maps.importers.profiles import http_url
from maps.importers.safety import MAX_BYTES
from maps.models import ATTRIBUTE_FIELDS, Facility
from maps.services import facilities_sync
from maps.tests.conftest import record

pytestmark = pytest.mark.django_db
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


A_GOOD_POINT = feature(
    {"type": "Point", "coordinates": [9.71, 55.77]}, name="Shelter", layer="shelters", id="ok"
)


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
    path = folder / "nan-only.geojson"
    line = {"type": "LineString", "coordinates": [[9.70, 55.76], [float("nan"), 55.77]]}
    path.write_text(geojson_text(feature(line, name="Sti", layer="trails")))
    return path


def empty_geometry(folder):
    path = folder / "empty-geometry.geojson"
    path.write_text(
        geojson_text(
            feature({"type": "LineString", "coordinates": []}, name="Sti", layer="trails"),
            feature({"type": "Polygon", "coordinates": []}, name="Område", layer="green-areas"),
        )
    )
    return path


def too_many_features_csv(folder):
    path = folder / "many.csv"
    rows = "".join(f"Shelter {i};shelters;s{i};9,71;55,77\n" for i in range(50))
    path.write_text("navn;lag;id;lon;lat\n" + rows)
    return path


def too_many_features_geojson(folder):
    path = folder / "many.geojson"
    points = [
        feature({"type": "Point", "coordinates": [9.71, 55.77]}, name=f"S{i}", id=f"s{i}")
        for i in range(50)
    ]
    path.write_text(geojson_text(*points))
    return path


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


# ------------------------------------------------------------------ the corpus: mendable files


def self_intersecting_polygon(folder):
    path = folder / "bowtie.geojson"
    bowtie = [[9.70, 55.76], [9.72, 55.78], [9.72, 55.76], [9.70, 55.78], [9.70, 55.76]]
    path.write_text(
        geojson_text(
            feature(
                {"type": "Polygon", "coordinates": [bowtie]}, name="Sløjfe", layer="green-areas"
            )
        )
    )
    return path


def nan_vertex_line(folder):
    path = folder / "nan.geojson"
    line = {"type": "LineString", "coordinates": [[9.70, 55.76], [float("nan"), 55.77]]}
    path.write_text(geojson_text(feature(line, name="Sti", layer="trails"), A_GOOD_POINT))
    return path


def infinite_coordinates(folder):
    path = folder / "infinite.geojson"
    line = {"type": "LineString", "coordinates": [[9.70, 55.76], [float("inf"), 55.77]]}
    path.write_text(geojson_text(feature(line, name="Sti", layer="trails"), A_GOOD_POINT))
    return path


def empty_part(folder):
    path = folder / "empty-part.geojson"
    lines = {"type": "MultiLineString", "coordinates": [[], [[9.70, 55.76], [9.71, 55.77]]]}
    path.write_text(geojson_text(feature(lines, name="Sti", layer="trails")))
    return path


def javascript_website(folder):
    path = folder / "links.geojson"
    path.write_text(
        geojson_text(
            feature(
                {"type": "Point", "coordinates": [9.71, 55.77]},
                name="Shelter",
                layer="shelters",
                website="javascript:alert(document.cookie)",
            )
        )
    )
    return path


def javascript_website_in_osm_tags(folder):
    path = folder / "osm.geojson"
    path.write_text(
        geojson_text(
            feature(
                {"type": "Point", "coordinates": [9.71, 55.77]},
                tourism="camp_site",
                name="Lejrpladsen",
                website="JaVaScRiPt:alert(1)",
                **{"@id": "node/1"},
            )
        )
    )
    return path


@dataclass
class Mended:
    created: int
    skipped: str | None  # what the one skipped line says, or None when nothing is skipped
    looks_right: Callable[[Facility], bool]


MENDED = [
    (self_intersecting_polygon, Mended(1, None, lambda f: f.geometry["type"] == "MultiPolygon")),
    (nan_vertex_line, Mended(1, "NaN eller uendelig", lambda f: f.external_id == "ok")),
    (infinite_coordinates, Mended(1, "NaN eller uendelig", lambda f: f.external_id == "ok")),
    (empty_part, Mended(1, None, lambda f: f.geometry["type"] == "LineString")),
    (javascript_website, Mended(1, None, lambda f: f.website == "")),
    (javascript_website_in_osm_tags, Mended(1, None, lambda f: f.website == "")),
]


def assert_mended(expected: Mended, existing) -> None:
    (facility,) = Facility.objects.exclude(pk=existing.pk)
    assert expected.looks_right(facility)
    assert not Facility.objects.filter(retired_at__isnull=False).exists()


def ids(cases):
    return [build.__name__ for build, _ in cases]


# ------------------------------------------------------------------ fixtures and helpers


@pytest.fixture(autouse=True)
def small_limits(settings, tmp_path):
    settings.MAPS_IMPORT_MAX_FEATURES = 10
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def existing(layers):
    """A facility the source already has: a refused file must neither change nor retire it."""
    report = facilities_sync(records=[record("old", name="Gammelt shelter")], source=SOURCE)
    assert report.created == 1
    return Facility.objects.get()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


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
    assert response["Location"] == reverse("admin:maps_facility_import")
    (shown,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert re.search(message, shown) and OUR_FAULT not in shown
    assert staged_files(settings) == []
    assert_nothing_changed(existing)


# ------------------------------------------------------------------ mendable files


@pytest.mark.parametrize("build,expected", MENDED, ids=ids(MENDED))
def test_read_facilities_mends_or_skips_broken_geometries_and_links(corpus, build, expected):
    result = read_facilities(build(corpus))
    assert len(result.records) == expected.created
    if expected.skipped:
        (line,) = result.skipped
        assert expected.skipped in line
    else:
        assert result.skipped == []


@pytest.mark.parametrize("build,expected", MENDED, ids=ids(MENDED))
def test_the_command_imports_what_can_be_mended_in_a_dry_run_and_a_real_run(
    corpus, existing, build, expected
):
    path = build(corpus)
    code, text = sync_command(path, "--dry-run", "--keep-missing")
    assert code == 0 and f"DRY RUN (nothing saved): {SOURCE}: {expected.created} created" in text
    assert_nothing_changed(existing)
    code, text = sync_command(path, "--keep-missing")
    assert code == 0 and f"{expected.created} created" in text
    if expected.skipped:
        assert expected.skipped in text
    assert_mended(expected, existing)


@pytest.mark.parametrize("build,expected", MENDED, ids=ids(MENDED))
def test_the_admin_previews_then_applies_what_can_be_mended_and_deletes_the_file(
    client, settings, corpus, existing, build, expected
):
    client.force_login(administrator())
    response = upload(client, build(corpus))
    html = response.content.decode()
    assert response.status_code == 200 and f"{expected.created} nye" in html
    assert len(staged_files(settings)) == 1
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = apply(client, token)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:maps_facility_changelist"))
    assert staged_files(settings) == []
    assert_mended(expected, existing)


def test_a_preview_nobody_applied_is_deleted_after_a_day(client, settings):
    import os
    import time

    folder = Path(settings.MEDIA_ROOT) / STAGING
    folder.mkdir(parents=True)
    old, new = folder / f"{'a' * 32}.csv", folder / f"{'b' * 32}.csv"
    old.write_text("x")
    new.write_text("x")
    day_ago = time.time() - 25 * 60 * 60
    os.utime(old, (day_ago, day_ago))
    client.force_login(administrator())
    assert client.get(reverse("admin:maps_facility_import")).status_code == 200
    assert staged_files(settings) == [new]


# ------------------------------------------------------------------ the other ways in


@pytest.mark.parametrize("build", [javascript_website, javascript_website_in_osm_tags])
def test_a_javascript_website_is_left_out_and_the_place_kept(corpus, build):
    (place,) = read_facilities(build(corpus)).records
    assert place.website == "" and place.name


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


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "/relative/path",
        "https:no-host",
        "ftp://example.dk/file",
        "http://[broken",
    ],
)
def test_only_absolute_http_links_are_kept(url):
    assert http_url(url) == ""


def test_http_and_https_links_are_kept_as_they_are():
    assert http_url("https://hedensted.dk/shelter?id=1") == "https://hedensted.dk/shelter?id=1"
    assert http_url("HTTP://Example.DK") == "HTTP://Example.DK"


def test_the_sync_service_drops_a_javascript_website_and_keeps_the_record(layers):
    facilities_sync(records=[record("a", website="javascript:alert(1)")], source=SOURCE)
    facilities_sync(records=[record("b", website="https://hedensted.dk")], source="other")
    assert Facility.objects.get(external_id="a").website == ""
    assert Facility.objects.get(external_id="b").website == "https://hedensted.dk"


def test_the_sync_service_skips_a_record_with_a_nan_vertex_instead_of_failing(layers):
    line = {"type": "LineString", "coordinates": [[9.70, 55.76], [float("nan"), 55.77]]}
    broken = record("nan", name="Sti")
    broken.geometry = line
    report = facilities_sync(records=[broken, record("ok")], source=SOURCE)
    assert report.created == 1 and "NaN" in report.skipped[0]
    assert Facility.objects.get().external_id == "ok"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://hedensted.dk/shelter"])
def test_the_model_refuses_a_website_that_is_not_http(make_facility, url):
    shelter = make_facility()
    shelter.website = url
    with pytest.raises(ValidationError) as info:
        shelter.full_clean()
    assert "website" in info.value.message_dict


def test_the_admin_change_form_refuses_a_javascript_website(client, make_facility):
    shelter = make_facility()
    client.force_login(administrator())
    url = reverse("admin:maps_facility_change", args=[shelter.pk])
    data = {
        "name": shelter.name,
        "layer": shelter.layer_id,
        "geometry": json.dumps(shelter.geometry),
        "extra": "{}",
        "owner_kind": "municipality",
        "status": "open",
        **{name: "unknown" for name in ATTRIBUTE_FIELDS},
    }
    for url_text in ("javascript:alert(1)", "ftp://hedensted.dk/shelter"):
        response = client.post(url, data | {"website": url_text})
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["website"]
        shelter.refresh_from_db()
        assert shelter.website == ""
    response = client.post(url, data | {"website": "https://hedensted.dk/shelter"})
    assert response.status_code == 302
    shelter.refresh_from_db()
    assert shelter.website == "https://hedensted.dk/shelter"


def test_the_facility_page_links_only_an_http_website(client, make_facility):
    shelter = make_facility()
    # A row written before the rule, or by a bulk update that skips validation.
    Facility.objects.filter(pk=shelter.pk).update(website="javascript:alert(1)")
    html = client.get(reverse("maps:facility-detail", args=[shelter.pk])).content.decode()
    assert "javascript:" not in html
    Facility.objects.filter(pk=shelter.pk).update(website="https://hedensted.dk/shelter")
    html = client.get(reverse("maps:facility-detail", args=[shelter.pk])).content.decode()
    assert 'href="https://hedensted.dk/shelter"' in html
