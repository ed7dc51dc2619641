"""A room in English: its equipment and access note in the page's language, not the stored Danish."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Equipment
from community.tests.factories import BuildingFactory, RoomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    building = BuildingFactory(
        name="Hallen",
        accessibility="Niveaufri adgang og handicaptoilet.",
        accessibility_en="Step-free access and an accessible toilet.",
    )
    return RoomFactory(
        building=building, name="Cafeen", equipment=[Equipment.KITCHEN, Equipment.WIFI]
    )


def in_english(client):
    client.post(reverse("set_language"), {"language": "en"})  # the language button
    return client


def test_the_room_page_lists_equipment_and_access_in_english(client, room):
    html = in_english(client).get(reverse("bookings:room-detail", args=[room.pk])).text
    assert "Kitchen, Wi-Fi" in html
    assert "Step-free access and an accessible toilet." in html
    assert "Køkken" not in html and "Trådløst net" not in html and "Niveaufri" not in html


def test_the_room_page_lists_them_in_danish_in_danish(client, room):
    html = client.get(reverse("bookings:room-detail", args=[room.pk])).text
    assert "Køkken, Trådløst net" in html and "Niveaufri adgang og handicaptoilet." in html


def test_a_building_without_an_english_note_shows_the_danish_one(client, room):
    room.building.accessibility_en = ""
    room.building.save()
    html = in_english(client).get(reverse("bookings:room-detail", args=[room.pk])).text
    assert "Niveaufri adgang og handicaptoilet." in html


def test_the_search_results_name_the_equipment_in_english(client, room):
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    query = {"mode": "date", "day": day, "start_time": "19:00", "end_time": "21:00"}
    html = in_english(client).get(reverse("bookings:room-search"), query).text
    assert "Equipment: Kitchen, Wi-Fi" in html
    assert 'value="køkken"' in html  # the search form's box still sends the code
