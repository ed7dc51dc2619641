"""The utilisation report writes its hours with the language's thousands separator."""

from datetime import date

import pytest
from django.urls import reverse

from community.tests.factories import RoomFactory, administrator

pytestmark = pytest.mark.django_db


def test_the_utilisation_report_writes_1260_open_hours_with_a_separator(client):
    room = RoomFactory(name="Salen")  # open 7-22 every day: 15 hours a day
    client.force_login(administrator())
    period = {"fra": date(2027, 1, 4).isoformat(), "til": date(2027, 3, 28).isoformat()}
    html = client.get(reverse("bookings:utilisation"), period).text
    assert f'<th scope="row">{room}</th><td>1.260</td>' in html  # 84 days of 15 hours
    client.cookies.load({"django_language": "en"})
    html = client.get(reverse("bookings:utilisation"), period).text
    assert f'<th scope="row">{room}</th><td>1,260</td>' in html
