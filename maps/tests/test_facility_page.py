"""A facility's own page: its description and photos, and a booking link to its room when it has one."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from community.tests.factories import RoomFactory, administrator
from maps.models import Facility, FacilityPhoto

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(out, format="PNG")
    return SimpleUploadedFile("shelter.png", out.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_page_shows_the_description_and_the_photos_in_order(client, make_facility):
    shelter = make_facility(name="Sheltrene ved søen", description="Tre sheltre med bålplads.")
    FacilityPhoto.objects.create(facility=shelter, image=png(), alt_text="Bålpladsen", order=2)
    FacilityPhoto.objects.create(facility=shelter, image=png(), alt_text="Sheltrene fra søen")
    html = client.get(reverse("maps:facility-detail", args=[shelter.pk])).content.decode()
    assert "Tre sheltre med bålplads." in html
    assert html.index('alt="Sheltrene fra søen"') < html.index('alt="Bålpladsen"')
    photo = shelter.photos.first()
    assert f'src="{photo.image.url}"' in html
    assert photo.image.storage.exists(photo.image.name)


def test_a_place_without_photos_shows_no_empty_gallery(client, make_facility):
    bench = make_facility(name="Bænken")
    html = client.get(reverse("maps:facility-detail", args=[bench.pk])).content.decode()
    assert "Fotos" not in html


def test_a_bookable_place_with_a_room_links_to_the_rooms_booking_page(client, make_facility):
    room = RoomFactory(name="Spejderhuset")
    hut = make_facility(name="Spejderhytten", bookable=True, room=room)
    html = client.get(reverse("maps:facility-detail", args=[hut.pk])).content.decode()
    room_page = reverse("bookings:room-detail", args=[room.pk])
    assert f'href="{room_page}"' in html and "Book stedet" in html
    assert client.get(room_page).status_code == 200


def test_a_room_alone_does_not_make_a_place_bookable(client, make_facility):
    hut = make_facility(name="Spejderhytten", bookable=False, room=RoomFactory())
    html = client.get(reverse("maps:facility-detail", args=[hut.pk])).content.decode()
    assert "Book stedet" not in html


def test_an_administrator_links_the_room_and_adds_photos_in_the_admin(client, make_facility):
    hut = make_facility(name="Spejderhytten")
    room = RoomFactory(name="Spejderhuset")
    client.force_login(administrator(is_superuser=True))
    url = reverse("admin:maps_facility_change", args=[hut.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="room"' in html and 'name="photos-TOTAL_FORMS"' in html
    assert Facility.objects.get(pk=hut.pk).room is None
    hut.room = room
    hut.bookable = True
    hut.save()
    assert hut.booking_url == reverse("bookings:room-detail", args=[room.pk])
