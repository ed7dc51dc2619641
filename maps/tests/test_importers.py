"""Reading facility files: the real OSM files, our own files in every format and CRS, hostile files."""

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from maps.importers import ImportFileError, read_facilities
from maps.importers.profiles import parse_osm_desc
from maps.tests.hostile import GPX_WITH_DTD, feature, geojson_text

REAL = Path("/work/shared/data/osm-campsites-dk")
SHIPPED = Path(__file__).resolve().parents[1] / "data/osm_campsites_hedensted.geojson"


def frame(crs="EPSG:4326"):
    return gpd.GeoDataFrame(
        {
            "name": ["Shelter ved søen", "Bålplads i skoven"],
            "layer": ["shelters", "fire-pits"],
            "id": ["s1", "b1"],
            "wheelchair": ["yes", "no"],
        },
        geometry=[Point(9.71, 55.77), Point(9.72, 55.78)],
        crs="EPSG:4326",
    ).to_crs(crs)


def test_the_real_denmark_gpx_gives_1648_camp_and_shelter_sites_with_osm_tags():
    result = read_facilities(REAL / "denmark-campsites.gpx")
    assert result.profile == "osm"
    assert len(result.records) == 1648
    layers = {r.layer for r in result.records}
    assert layers == {"camp-sites", "shelters"}
    roskilde = next(r for r in result.records if r.external_id == "node/26727019")
    assert roskilde.name == "Roskilde Camping"
    assert roskilde.toilets is True and roskilde.free is False and roskilde.bookable is True


def test_the_real_caravan_gpx_and_the_shipped_hedensted_subset_are_read():
    assert len(read_facilities(REAL / "denmark-caravansites.gpx").records) == 324
    subset = read_facilities(SHIPPED)
    assert len(subset.records) == 53
    tonballe = [r for r in subset.records if "Tønballe" in r.name]
    assert tonballe and all(r.layer in {"shelters", "camp-sites"} for r in tonballe)


def test_osm_desc_lines_are_collapsed_before_splitting():
    tags = parse_osm_desc("camp_site=basic; name=Lille\n    Skov; openfire=yes;\n id=node/1")
    assert tags == {"camp_site": "basic", "name": "Lille Skov", "openfire": "yes", "id": "node/1"}


@pytest.mark.parametrize(
    "suffix,driver,crs",
    [
        (".geojson", "GeoJSON", "EPSG:4326"),
        (".gpkg", "GPKG", "EPSG:25832"),
        (".kml", "KML", "EPSG:4326"),
    ],
)
def test_our_own_files_in_each_format_are_read_in_wgs84(tmp_path, suffix, driver, crs):
    path = tmp_path / f"facilities{suffix}"
    data = frame(crs)
    if driver == "KML":
        data = data.rename(columns={"name": "Name"})
    data.to_file(path, driver=driver)
    result = read_facilities(path, profile="generic")
    assert len(result.records) == 2
    lon, lat = result.records[0].geometry["coordinates"]
    assert lon == pytest.approx(9.71, abs=1e-5) and lat == pytest.approx(55.77, abs=1e-5)
    assert result.records[0].name == "Shelter ved søen"


def test_a_zipped_shapefile_in_utm_32n_is_read(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    frame("EPSG:25832").to_file(folder / "faciliteter.shp")
    archive = tmp_path / "faciliteter.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in folder.iterdir():
            z.write(f, f.name)
    result = read_facilities(archive, profile="generic")
    assert [r.layer for r in result.records] == ["shelters", "fire-pits"]
    assert result.records[0].wheelchair is True
    assert result.records[0].geometry["coordinates"][0] == pytest.approx(9.71, abs=1e-5)


def test_gpx_waypoints_and_tracks_are_read(tmp_path):
    path = tmp_path / "tur.gpx"
    waypoints = gpd.GeoDataFrame(
        {"name": ["Bålplads"], "desc": ["leisure=firepit; id=node/9"]},
        geometry=[Point(9.71, 55.77)],
        crs="EPSG:4326",
    )
    waypoints.to_file(path, driver="GPX", layer="waypoints")
    tracks = gpd.GeoDataFrame(
        {"name": ["Skovsti"]},
        geometry=[MultiLineString([[(9.70, 55.76), (9.71, 55.77), (9.72, 55.77)]])],
        crs="EPSG:4326",
    )
    track_path = tmp_path / "spor.gpx"
    tracks.to_file(track_path, driver="GPX", layer="tracks")
    # GDAL writes one layer per GPX file: put the track into the waypoint file as a real GPX would.
    trk = track_path.read_text()
    trk = trk[trk.index("<trk") : trk.rindex("</trk>") + len("</trk>")]
    path.write_text(path.read_text().replace("</gpx>", trk + "</gpx>"))
    result = read_facilities(path, profile="generic")
    kinds = sorted(r.geometry["type"] for r in result.records)
    assert kinds == ["LineString", "Point"]


def test_csv_with_lon_lat_and_csv_with_utm_x_y_give_the_same_place(tmp_path):
    lonlat = tmp_path / "lonlat.csv"
    lonlat.write_text("navn;lag;lon;lat\nShelter;shelters;9,71;55,77\n", encoding="utf-8")
    utm = frame("EPSG:25832").iloc[:1]
    xy = tmp_path / "xy.csv"
    xy.write_text(
        f"name,layer,x,y\nShelter,shelters,{utm.geometry.x.iloc[0]:.2f},{utm.geometry.y.iloc[0]:.2f}\n"
    )
    a = read_facilities(lonlat).records[0]
    b = read_facilities(xy).records[0]
    assert a.layer == b.layer == "shelters"
    for u, v in zip(a.geometry["coordinates"], b.geometry["coordinates"], strict=True):
        assert u == pytest.approx(v, abs=1e-5)


def test_lines_and_polygons_keep_their_shape(tmp_path):
    path = tmp_path / "shapes.geojson"
    gpd.GeoDataFrame(
        {"name": ["Sti", "Grønt område"], "layer": ["trails", "green-areas"]},
        geometry=[
            LineString([(9.70, 55.76), (9.71, 55.77)]),
            Polygon([(9.70, 55.76), (9.71, 55.76), (9.71, 55.77), (9.70, 55.76)]),
        ],
        crs="EPSG:4326",
    ).to_file(path)
    types = [r.geometry["type"] for r in read_facilities(path).records]
    assert types == ["LineString", "Polygon"]


# ------------------------------------------------------------------ hostile and broken files


def test_a_zip_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.shp", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(ImportFileError, match="zip-bombe"):
        read_facilities(bomb)


def test_a_zip_with_path_tricks_is_refused(tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../../etc/a.shp", b"x")
    with pytest.raises(ImportFileError, match="ugyldige stier"):
        read_facilities(evil)


def test_an_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.geojson"
    path.write_bytes(b" " * 2048)
    with pytest.raises(ImportFileError, match="for stor"):
        read_facilities(path, max_bytes=1024)


def test_places_outside_denmark_are_refused(tmp_path):
    path = tmp_path / "paris.geojson"
    gpd.GeoDataFrame({"name": ["Paris"]}, geometry=[Point(2.35, 48.85)], crs="EPSG:4326").to_file(
        path
    )
    with pytest.raises(ImportFileError, match="uden for Danmark"):
        read_facilities(path)


REFUSED_TEXT = [
    # XML entities are refused before GDAL sees the file.
    pytest.param("lol.gpx", GPX_WITH_DTD, "entiteter", id="xml-with-entities"),
    pytest.param(
        "swapped.csv",
        "name,lon,lat\nShelter,55.77,9.71\n",
        "uden for Danmark",
        id="swapped-lat-lon-is-outside-denmark",
    ),
    pytest.param(
        "empty.geojson",
        geojson_text(feature(None, name="x")),
        "ingen geometri",
        id="no-geometry",
    ),
    pytest.param(
        "no.csv",
        "name,town\nShelter,Hedensted\n",
        "ingen koordinater",
        id="csv-without-coordinates",
    ),
]


@pytest.mark.parametrize("name,text,message", REFUSED_TEXT)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ImportFileError, match=message):
        read_facilities(path)


@pytest.mark.parametrize(
    "name,content", [("data.docx", b"PK\x03\x04"), ("data.geojson", b"this is not json")]
)
def test_a_wrong_format_gets_a_clear_message(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as info:
        read_facilities(path)
    assert "kan ikke" in str(info.value)


def test_geofa_style_fields_are_recognised_and_mapped(tmp_path):
    path = tmp_path / "geofa.geojson"
    gpd.GeoDataFrame(
        {
            "facilitetid": ["1001", "1002"],
            "facil_ty": ["Shelter", "Bålplads"],
            "navn": ["Shelter ved Bygholm Sø", "Bålpladsen i Ørum"],
            "handicap": ["Ja", "Nej"],
            "ejer_ty": ["Kommunal", "Forening"],
            "beskrivels": ["To shelters og et bålsted", ""],
        },
        geometry=[Point(9.80, 55.85), Point(9.75, 55.82)],
        crs="EPSG:4326",
    ).to_file(path)
    result = read_facilities(path)
    assert result.profile == "geofa"
    shelter, fire = result.records
    assert (shelter.external_id, shelter.layer, shelter.wheelchair) == ("1001", "shelters", True)
    assert shelter.owner_kind == "municipality" and shelter.description.startswith("To shelters")
    assert (fire.layer, fire.wheelchair, fire.owner_kind) == ("fire-pits", False, "association")


def test_the_migration_clears_websites_stored_before_they_were_checked(make_facility):
    import importlib

    from django.apps import apps

    from maps.models import Facility

    keep = make_facility(name="Sikker", website="https://www.hedensted.dk/shelter")
    bad = make_facility(name="Farlig")
    # As a row written before the check existed: update() skips the model's validation.
    Facility.objects.filter(pk=bad.pk).update(website="javascript:alert(1)")
    migration = importlib.import_module("maps.migrations.0003_clear_non_http_websites")
    migration.clear_non_http_websites(apps, None)
    assert Facility.objects.get(pk=bad.pk).website == ""
    assert Facility.objects.get(pk=keep.pk).website == "https://www.hedensted.dk/shelter"
