"""The coordinator's page about one volunteer says everything in words, in the reader's language."""

import re
from datetime import date

import pytest
from django.urls import reverse

from community.tests.factories import UserFactory
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    main = response.content.decode().split("<main", 1)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def grethe():
    return VolunteerFactory(
        user=UserFactory(first_name="Grethe", last_name="Hansen", phone="20 30 40 50"),
        activities=["visiting_friend", "meal_buddy"],
        languages=["da", "en"],
        age_groups=["seniors"],
        availability=[{"day": 1, "start": "09:00", "end": "12:00"}],
        availability_exceptions=[{"from": "2099-12-01", "to": "2099-12-24"}],
        travel_km=15,
        travel_mode="bike",
        capacity=2,
        retain_until=date(2029, 12, 1),
    )


def test_a_coordinator_reads_a_volunteers_profile_in_words(client, social, grethe):
    client.force_login(social)
    text = _text(client.get(reverse("volunteers:volunteer-detail", args=[grethe.pk])))
    assert "Vil gerne Besøgsven, Spiseven" in text
    assert "Sprog Dansk, Engelsk" in text
    assert "Vil gerne være sammen med Ældre" in text
    assert "tirsdag 09:00–12:00" in text
    assert "Væk 1. december 2099 – 24. december 2099" in text
    assert "Vil rejse op til 15 km" in text
    assert "Kommer rundt Cykel" in text
    assert "Kan hjælpe 2 personer ad gangen" in text
    assert "Telefon 20 30 40 50" in text
    assert "Oplysningerne slettes senest 1. december 2029" in text
    for code in ["visiting_friend", "meal_buddy", "seniors", "bike", "2099-12-01"]:
        assert code not in text


def test_the_volunteer_page_reads_english_with_british_dates(client, social, grethe):
    client.force_login(social)
    client.cookies["django_language"] = "en"
    text = _text(client.get(reverse("volunteers:volunteer-detail", args=[grethe.pk])))
    assert "Visiting friend, Meal buddy" in text
    assert "Danish, English" in text
    assert "Tuesday 09:00–12:00" in text
    assert "Gets around by Bicycle" in text
    assert "Will travel up to 15 km" in text
    assert "Can help 2 people at a time" in text
    assert "1 December 2099 – 24 December 2099" in text
    assert "1 December 2029" in text
