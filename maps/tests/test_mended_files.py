"""Broken files that can be mended, through every way into the importer, and the links files carry.

What cannot be mended (a self-intersection, a NaN vertex, an empty part) is skipped and named;
a javascript: or other non-http website is left out and the place kept.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from community.tests.factories import administrator
from maps.admin import STAGING
from maps.importers import read_facilities
from maps.importers.profiles import http_url
from maps.models import ATTRIBUTE_FIELDS, Facility
from maps.services import facilities_sync
from maps.tests.conftest import record
from maps.tests.hostile import (
    A_GOOD_POINT,
    POINT,
    SOURCE,
    apply,
    assert_nothing_changed,
    feature,
    geojson_file,
    ids,
    staged_files,
    sync_command,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_limits")]


# ------------------------------------------------------------------ the corpus: mendable files


def self_intersecting_polygon(folder):
    bowtie = [[9.70, 55.76], [9.72, 55.78], [9.72, 55.76], [9.70, 55.78], [9.70, 55.76]]
    polygon = {"type": "Polygon", "coordinates": [bowtie]}
    return geojson_file(
        folder, "bowtie.geojson", feature(polygon, name="Sløjfe", layer="green-areas")
    )


def nan_vertex_line(folder):
    line = {"type": "LineString", "coordinates": [[9.70, 55.76], [float("nan"), 55.77]]}
    return geojson_file(
        folder, "nan.geojson", feature(line, name="Sti", layer="trails"), A_GOOD_POINT
    )


def infinite_coordinates(folder):
    line = {"type": "LineString", "coordinates": [[9.70, 55.76], [float("inf"), 55.77]]}
    trail = feature(line, name="Sti", layer="trails")
    return geojson_file(folder, "infinite.geojson", trail, A_GOOD_POINT)


def empty_part(folder):
    lines = {"type": "MultiLineString", "coordinates": [[], [[9.70, 55.76], [9.71, 55.77]]]}
    return geojson_file(folder, "empty-part.geojson", feature(lines, name="Sti", layer="trails"))


def javascript_website(folder):
    shelter = feature(
        POINT, name="Shelter", layer="shelters", website="javascript:alert(document.cookie)"
    )
    return geojson_file(folder, "links.geojson", shelter)


def javascript_website_in_osm_tags(folder):
    osm_tags = {"tourism": "camp_site", "name": "Lejrpladsen", "website": "JaVaScRiPt:alert(1)"}
    camp = feature(POINT, **osm_tags, **{"@id": "node/1"})
    return geojson_file(folder, "osm.geojson", camp)


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
    code, text = sync_command(path, "--dry-run", "--skips-expected")
    assert code == 0 and f"DRY RUN (nothing saved): {SOURCE}: {expected.created} created" in text
    assert_nothing_changed(existing)
    code, text = sync_command(path, "--skips-expected")
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
    job = client.get(response["Location"]).content.decode()
    assert "Importen er færdig" in job and f"{expected.created} oprettet" in job
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
        # The photos inline's management form: no photos.
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
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
