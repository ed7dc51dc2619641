"""`manage.py setup_municipality` on an empty database: any Danish municipality, from DAGI."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from community.municipality import Municipality
from community.tests.factories import AssociationFactory, RoomFactory
from localareas.lookup import postcode_centroid
from localareas.models import LocalArea, Postcode
from maps.models import Facility, Layer
from maps.tests.conftest import REAL

CAMPSITES_GPX = f"{REAL}/denmark-campsites.gpx"


def _setup(code: str) -> str:
    out = StringIO()
    call_command("setup_municipality", code, stdout=out)
    return out.getvalue()


def _teardown():
    Facility.objects.all().delete()
    LocalArea.objects.all().delete()
    Postcode.objects.all().delete()
    Municipality.objects.all().delete()


@pytest.fixture(scope="module")
def kerteminde(django_db_setup, django_db_blocker):
    """Set up once for the module (the tests only read); removed again afterwards."""
    # Everything it writes (areas, facilities, audit entries) is rolled back at the end, so the
    # tests that run after these on the same worker start from an empty database.
    with django_db_blocker.unblock(), transaction.atomic():
        _teardown()
        yield _setup("0440")
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def kerteminde_campsites(kerteminde, django_db_blocker):
    """The national camp-site GPX imported once into Kerteminde, leaving out the rest of Denmark."""
    from localareas import lookup

    with django_db_blocker.unblock():
        lookup._state.update(version=None, tree=None, ids=[])
        out = StringIO()
        call_command(
            "maps_sync",
            CAMPSITES_GPX,
            "--source=osm-campsites",
            "--leave-outside",
            "--skips-expected",
            "--no-progress",
            stdout=out,
        )
        yield out.getvalue()


def _centre(html: str) -> tuple[float, float]:
    """Where the map opens: the centre in the map's JSON settings."""
    lat, lon = re.search(r'"center":\s*\[([0-9.]+),\s*([0-9.]+)\]', html).groups()
    return float(lat), float(lon)


@pytest.mark.django_db
def test_kerteminde_gets_its_13_parishes_with_their_real_areas(kerteminde):
    assert "Municipality 0440 Kerteminde: created." in kerteminde
    assert "Local areas (parishes): created 13" in kerteminde
    areas = {a.name: a.area_km2 for a in LocalArea.objects.all()}
    assert len(areas) == 13
    assert areas["Viby"] == pytest.approx(22.2, abs=0.2)
    assert sum(areas.values()) == pytest.approx(206.4, abs=5)
    assert Layer.objects.filter(slug="camp-sites").exists()


@pytest.mark.django_db
def test_running_it_again_changes_nothing_and_says_so(kerteminde):
    again = _setup("Kerteminde")
    assert "Kerteminde: unchanged." in again
    assert "created 0, updated 0, left 13 unchanged" in again
    assert LocalArea.objects.count() == 13


@pytest.mark.django_db
def test_an_address_is_placed_by_kerteminde_postcodes(kerteminde):
    assert Postcode.objects.filter(code="5300", name="Kerteminde").exists()
    lon, lat = postcode_centroid("5300")
    assert 10.4 < lon < 10.9 and 55.3 < lat < 55.6


@pytest.mark.django_db
def test_home_map_embed_and_calendar_name_kerteminde_and_the_map_centres_on_it(kerteminde, client):
    municipality = Municipality.objects.get()
    for url in [reverse("community:home"), reverse("maps:map"), reverse("maps:embed")]:
        html = client.get(url).content.decode()
        assert "Kerteminde Kommune" in html, url
        assert "Hedensted" not in html, url
    lat, lon = _centre(client.get(reverse("maps:map")).content.decode())
    assert municipality.min_lat < lat < municipality.max_lat
    assert municipality.min_lon < lon < municipality.max_lon
    club = AssociationFactory()
    feed = client.get(reverse("bookings:association-feed", args=[club.feed_token]))
    assert "PRODID:-//Samskab//Kerteminde Kommune//DA" in feed.content.decode()
    english = client.get(reverse("maps:embed") + "?lang=en").content.decode()
    assert "Outdoor life in Kerteminde Municipality" in english


@pytest.mark.django_db
def test_the_denmark_gpx_imports_only_the_sites_inside_kerteminde(kerteminde_campsites):
    facilities = Facility.objects.filter(source="osm-campsites", retired_at__isnull=True)
    imported = facilities.count()
    assert 0 < imported < 60
    assert not facilities.filter(local_area__isnull=True).exists()
    municipality = Municipality.objects.get()
    for lon, lat in facilities.values_list("lon", "lat"):
        assert municipality.min_lon < lon < municipality.max_lon
        assert municipality.min_lat < lat < municipality.max_lat
    left_out = int(re.search(r"(\d+) steder uden for kommunen er udeladt", kerteminde_campsites)[1])
    assert left_out > 1000
    assert f"{imported} created" in kerteminde_campsites


@pytest.mark.django_db
def test_after_the_import_map_embed_and_room_feed_name_kerteminde(kerteminde_campsites, client):
    municipality = Municipality.objects.get()
    map_html = client.get(reverse("maps:map")).content.decode()
    embed_html = client.get(reverse("maps:embed")).content.decode()
    for html in (map_html, embed_html):
        assert "Kerteminde Kommune" in html
        assert "Hedensted" not in html
    lat, lon = _centre(map_html)
    assert municipality.min_lat < lat < municipality.max_lat
    assert municipality.min_lon < lon < municipality.max_lon
    room = RoomFactory()
    feed = client.get(reverse("bookings:room-feed", args=[room.feed_token])).content.decode()
    assert "PRODID:-//Samskab//Kerteminde Kommune//DA" in feed
    assert "Hedensted" not in feed
    sites = client.get(reverse("maps:api-facilities")).json()
    assert len(sites["features"]) == Facility.objects.filter(retired_at__isnull=True).count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code, name, parishes",
    [("0492", "Ærø", 6), ("0101", "København", None)],
)
def test_an_island_municipality_and_a_city_are_set_up_the_same_way(code, name, parishes, client):
    _teardown()
    out = _setup(code)
    municipality = Municipality.objects.get()
    assert municipality.name == name and f"{code} {name}: created" in out
    assert LocalArea.objects.count() >= (parishes or 20)
    html = client.get(reverse("maps:map")).content.decode()
    assert f"{name} Kommune" in html
    lat, lon = _centre(html)
    assert municipality.min_lat < lat < municipality.max_lat
