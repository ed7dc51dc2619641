"""Importing local-area polygons: real DAGI data, every supported format and CRS, and files that must be refused."""

import json
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from django.urls import reverse
from shapely.geometry import Point, box

from community.models import Citizen
from community.tests.factories import CitizenFactory, administrator
from localareas.importer import ImportProblem, read_areas
from localareas.models import LocalArea
from localareas.services import local_areas_import

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "dagi-boundaries"
PARISHES = ROOT / "localareas/data/sogne_hedensted.geojson"

pytestmark = pytest.mark.django_db


def _frame(crs="EPSG:4326"):
    frame = gpd.GeoDataFrame(
        {"navn": ["Nordby", "Sydby"]},
        geometry=[box(9.80, 55.80, 9.85, 55.85), box(9.80, 55.70, 9.85, 55.75)],
        crs="EPSG:4326",
    )
    return frame.to_crs(crs)


def test_the_33_hedensted_parishes_import_as_local_areas():
    result = local_areas_import(path=PARISHES, source="DAGI")
    assert result == {"created": 33, "updated": 0, "unchanged": 0}
    juelsminde = LocalArea.objects.get(name="Juelsminde")
    assert juelsminde.code and juelsminde.area_km2 > 1
    assert 9.9 < juelsminde.centroid_lon < 10.1


def test_importing_the_same_file_again_leaves_every_area_unchanged():
    local_areas_import(path=PARISHES)
    assert local_areas_import(path=PARISHES) == {"created": 0, "updated": 0, "unchanged": 33}
    assert LocalArea.objects.count() == 33


@pytest.mark.skipif(not SHARED.exists(), reason="shared/ data is beside the checkout in CI")
def test_the_mainland_and_hjarno_are_merged_by_code_into_one_area_of_551_km2():
    records = read_areas(SHARED / "hedensted_kommune.geojson")
    assert [(r.name, r.code) for r in records] == [("Hedensted", "0766")]
    assert records[0].geometry["type"] == "MultiPolygon"
    assert records[0].area_km2 == pytest.approx(551.5, abs=1)


@pytest.mark.skipif(not SHARED.exists(), reason="shared/ data is beside the checkout in CI")
def test_the_national_topojson_of_parishes_is_read_and_merged_by_parish_code():
    records = read_areas(SHARED / "sogne.topojson")
    codes = [r.code for r in records]
    assert len(codes) == len(set(codes)) > 2000
    assert sum(r.name == "Viby" for r in records) >= 2


def test_a_file_with_two_areas_of_one_name_and_no_code_is_refused(tmp_path):
    frame = _frame()
    frame["navn"] = ["Nordby", "Nordby"]
    path = tmp_path / "twice.geojson"
    frame.to_file(path, driver="GeoJSON")
    with pytest.raises(ImportProblem, match="Flere områder hedder Nordby"):
        read_areas(path)


def test_parts_with_one_code_become_one_area_with_the_sum_of_their_areas(tmp_path):
    frame = _frame()
    frame["kode"] = ["1", "1"]
    path = tmp_path / "parts.geojson"
    frame.to_file(path, driver="GeoJSON")
    assert local_areas_import(path=path) == {"created": 1, "updated": 0, "unchanged": 0}
    area = LocalArea.objects.get()
    assert area.geometry["type"] == "MultiPolygon"
    # Each box is about 17.4 km²; keyed by name, the second would have overwritten the first.
    assert area.area_km2 == pytest.approx(34.9, abs=0.1)


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:25832"])
@pytest.mark.parametrize("fmt", ["geojson", "shapefile-zip", "gpkg"])
def test_every_format_and_crs_lands_in_the_same_place(tmp_path, fmt, crs):
    frame = _frame(crs)
    if fmt == "geojson":
        path = tmp_path / "areas.geojson"
        frame.to_file(path, driver="GeoJSON")
    elif fmt == "gpkg":
        path = tmp_path / "areas.gpkg"
        frame.to_file(path, driver="GPKG")
    else:
        folder = tmp_path / "shp"
        folder.mkdir()
        frame.to_file(folder / "areas.shp")
        path = tmp_path / "areas.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for part in folder.iterdir():
                zf.write(part, part.name)
    local_areas_import(path=path, name_field="navn")
    nordby = LocalArea.objects.get(name="Nordby")
    assert nordby.min_lon == pytest.approx(9.80, abs=1e-4)
    assert nordby.max_lat == pytest.approx(55.85, abs=1e-4)


def test_a_point_saved_inside_an_area_gets_that_area():
    local_areas_import(path=PARISHES)
    # Juelsminde harbour.
    citizen = CitizenFactory(lat=55.7137, lon=10.0170)
    assert citizen.local_area.name == "Juelsminde"
    citizen.lat, citizen.lon = 55.8166, 9.2000  # Outside the municipality.
    citizen.save()
    assert Citizen.objects.get(pk=citizen.pk).local_area is None


def test_an_address_without_a_point_is_placed_by_its_postcode():
    local_areas_import(path=PARISHES)
    citizen = CitizenFactory(street="Torvet 1", postcode="7160", city="Tørring")
    assert citizen.lat is not None
    assert citizen.local_area is not None


def _bad_files(tmp_path):
    no_geometry = tmp_path / "no_geometry.geojson"
    no_geometry.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {"navn": "X"}, "geometry": None}],
            }
        )
    )
    garbage = tmp_path / "garbage.geojson"
    garbage.write_text("this is not json {")
    no_crs = tmp_path / "no_crs.gpkg"
    gpd.GeoDataFrame({"navn": ["X"]}, geometry=[box(0, 0, 1, 1)]).to_file(no_crs, driver="GPKG")
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"navn": ["X"]}, geometry=[Point(9.8, 55.8)], crs=4326).to_file(
        points, driver="GeoJSON"
    )
    abroad = tmp_path / "abroad.geojson"
    gpd.GeoDataFrame({"navn": ["Paris"]}, geometry=[box(2.3, 48.8, 2.4, 48.9)], crs=4326).to_file(
        abroad, driver="GeoJSON"
    )
    wrong_crs = tmp_path / "wrong_crs.geojson"
    # UTM metres labelled as degrees: a classic mix-up.
    wrong = _frame("EPSG:25832").set_crs("EPSG:4326", allow_override=True)
    wrong.to_file(wrong_crs, driver="GeoJSON")
    no_shp = tmp_path / "no_shp.zip"
    with zipfile.ZipFile(no_shp, "w") as zf:
        zf.writestr("readme.txt", "hello")
    unknown = tmp_path / "areas.txt"
    unknown.write_text("x")
    return {
        "no geometry": (no_geometry, "ingen geometri"),
        "not readable": (garbage, "kan ikke læses"),
        "no crs": (no_crs, "koordinatsystem"),
        "points": (points, "ikke et område"),
        "abroad": (abroad, "uden for Danmark"),
        "wrong crs": (wrong_crs, "uden for Danmark"),
        "zip without shapefile": (no_shp, "ingen shapefil"),
        "unknown type": (unknown, "Filtypen"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "no geometry",
        "not readable",
        "no crs",
        "points",
        "abroad",
        "wrong crs",
        "zip without shapefile",
        "unknown type",
    ],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(tmp_path, case):
    local_areas_import(path=PARISHES)
    before = list(LocalArea.objects.order_by("pk").values_list("pk", "name", "min_lon"))
    path, message = _bad_files(tmp_path)[case]
    with pytest.raises(ImportProblem, match=message):
        local_areas_import(path=path, name_field="navn")
    assert list(LocalArea.objects.order_by("pk").values_list("pk", "name", "min_lon")) == before


def test_one_bad_feature_rolls_back_the_whole_import(tmp_path):
    frame = gpd.GeoDataFrame(
        {"navn": ["God", "Fjern"]},
        geometry=[box(9.8, 55.8, 9.85, 55.85), box(2.3, 48.8, 2.4, 48.9)],
        crs=4326,
    )
    path = tmp_path / "mixed.geojson"
    frame.to_file(path, driver="GeoJSON")
    with pytest.raises(ImportProblem):
        local_areas_import(path=path, name_field="navn")
    assert not LocalArea.objects.exists()


def test_an_administrator_previews_areas_in_the_admin_applies_them_and_sees_errors_there(
    client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(administrator())
    url = reverse("admin:localareas_localarea_import")
    with PARISHES.open("rb") as fh:
        preview = client.post(url, {"file": fh}).content.decode()
    assert "33 nye, 0 ændrede og 0 uændrede områder" in preview
    assert not LocalArea.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    response = client.post(url, {"apply": "1", "token": token, "file_name": PARISHES.name})
    assert response.status_code == 302
    job = client.get(response["Location"]).content.decode()
    assert "Importeret: 33 nye, 0 opdaterede og 0 uændrede områder." in job
    assert LocalArea.objects.count() == 33
    assert not list((tmp_path / "media" / "localareas-imports").iterdir())
    bad = tmp_path / "bad.geojson"
    bad.write_text("not geojson")
    with bad.open("rb") as fh:
        response = client.post(url, {"file": fh, "name_field": "navn"})
    assert response.status_code == 200
    assert "kan ikke læses" in response.text
    assert LocalArea.objects.count() == 33


def test_the_admin_action_leads_to_the_import_page(client):
    local_areas_import(path=PARISHES)
    client.force_login(administrator())
    response = client.post(
        reverse("admin:localareas_localarea_changelist"),
        {"action": "import_polygons", "_selected_action": [LocalArea.objects.first().pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:localareas_localarea_import")
