"""The admin's facility import: a national file's places outside the municipality are counted and left out."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.tests.factories import administrator
from maps.models import Facility
from maps.services import facilities_sync
from maps.tests.conftest import REAL, record

pytestmark = pytest.mark.django_db
CARAVANS = Path(REAL) / "denmark-caravansites.gpx"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_place_outside_every_local_area_is_counted_and_left_out_when_asked(layers, area):
    records = [record("in", name="Inde", lon=9.71, lat=55.77), record("out", lon=12.6, lat=55.7)]
    report = facilities_sync(records=records, source="osm", leave_outside=True)
    assert (report.created, report.outside, report.outside_left_out) == (1, 1, True)
    assert list(Facility.objects.values_list("name", flat=True)) == ["Inde"]


def test_a_place_left_out_now_is_retired_from_an_earlier_import(layers, area):
    facilities_sync(records=[record("out", name="Ude", lon=12.6, lat=55.7)], source="osm")
    report = facilities_sync(
        records=[record("out", name="Ude", lon=12.6, lat=55.7)], source="osm", leave_outside=True
    )
    assert report.retired == 1
    assert Facility.objects.get().retired_at is not None


def test_with_no_local_areas_nothing_counts_as_outside(layers):
    report = facilities_sync(records=[record(lon=12.6, lat=55.7)], source="osm", leave_outside=True)
    assert (report.created, report.outside) == (1, 0)


def _upload(client, path, **extra):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    data = {"file": upload, "source": "osm-caravans", "profile": "auto", "leave_outside": "on"}
    return client.post(reverse("admin:maps_facility_import"), data | extra)


@pytest.mark.skipif(not CARAVANS.exists(), reason="the shared OSM data is not on this machine")
def test_the_preview_of_the_national_caravan_file_counts_the_sites_outside_and_leaves_them_out(
    client, layers, hedensted_areas
):
    client.force_login(administrator())
    html = _upload(client, CARAVANS).content.decode()
    outside = int(re.search(r"(\d+) steder ligger uden for kommunen", html).group(1))
    created = int(re.search(r"(\d+) nye", html).group(1))
    assert outside > 300 and 0 < created < 20 and outside + created <= 324
    assert re.search(r'name="leave_outside" id="id_leave_outside_apply" checked', html)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("admin:maps_facility_import"),
        {"apply": "1", "token": token, "source": "osm-caravans", "profile": "auto"}
        | {"retire_missing": "True", "leave_outside": "on"},
    )
    assert response.status_code == 302
    assert Facility.objects.count() == created
    assert not Facility.objects.filter(local_area=None).exists()
    assert not Facility.objects.filter(name__icontains="Charlottenlund").exists()


def test_one_place_outside_is_one_sted(client, layers, area, tmp_path):
    client.force_login(administrator())
    csv = tmp_path / "two.csv"
    csv.write_text("name,layer,id,lon,lat\nInde,shelters,a,9.71,55.77\nUde,shelters,b,12.6,55.7\n")
    html = _upload(client, csv).content.decode()
    assert "1 sted ligger uden for kommunen" in html
    assert "Udelad det 1 sted uden for kommunen" in html


def test_a_refused_upload_shows_its_errors_as_the_admin_does(client, layers):
    client.force_login(administrator())
    html = client.post(
        reverse("admin:maps_facility_import"), {"source": "x y", "profile": "auto"}
    ).content.decode()
    assert 'class="errornote"' in html and "admin/css/forms.css" in html
    assert html.count('class="errorlist"') == 2  # the missing file and the source that is no slug
    assert 'class="form-row errors field-file"' in html
