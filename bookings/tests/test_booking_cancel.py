"""Cancelling asks first, a series' dates are cancelled a few at a time (none ticked to begin), and
a booking goes into one's own calendar."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import Booking
from bookings.tests.conftest import book, holiday_free_weekday, next_weekday, weekly
from community.models import AuditEntry
from community.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def test_cancelling_a_booking_asks_first_and_cancels_only_on_the_answer(client, club, rep):
    booking = book(RoomFactory(lock_enabled=True), rep, next_weekday(2), time(19), time(21), club)
    client.force_login(rep)
    detail = client.get(reverse("bookings:booking-detail", args=[booking.pk])).text
    url = reverse("bookings:booking-cancel", args=[booking.pk])
    assert f'href="{url}"' in detail
    question = client.get(url)
    assert question.status_code == 200
    assert "Vil du aflyse bookingen" in question.text and "Ja, aflys bookingen" in question.text
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert client.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


@pytest.fixture
def series(club, rep):
    first = holiday_free_weekday(1, 4)
    return services.series_create(
        room=RoomFactory(lock_enabled=True),
        pattern=weekly(first, first + timedelta(weeks=4)),
        booked_by=rep,
        association=club,
    )


def test_a_representative_cancels_two_dates_of_a_series_after_seeing_them_again(
    client, rep, series
):
    client.force_login(rep)
    url = reverse("bookings:series-cancel", args=[series.pk])
    page = client.get(url).text
    assert len(re.findall(r'type="checkbox" name="bookings"', page)) == 5
    assert "checked" not in page
    two = list(series.bookings.order_by("starts_at")[1:3])
    chosen = {"bookings": [b.pk for b in two]}

    question = client.post(url, chosen)
    assert question.status_code == 200
    assert "Vil du aflyse 2 datoer?" in question.text
    assert series.bookings.filter(status=Booking.Status.CANCELLED).count() == 0

    response = client.post(url, {**chosen, "confirm": ""}, follow=True)
    assert "2 datoer er aflyst." in response.text
    cancelled = set(series.bookings.filter(status=Booking.Status.CANCELLED))
    assert cancelled == set(two)
    entry = AuditEntry.objects.filter(action="series.cancelled").get()
    assert entry.data["cancelled"] == 2 and len(entry.data["dates"]) == 2


def test_cancelling_nothing_ticked_says_what_to_do_and_cancels_nothing(client, rep, series):
    client.force_login(rep)
    url = reverse("bookings:series-cancel", args=[series.pk])
    response = client.post(url, {"confirm": ""})
    assert response.status_code == 200
    assert "Vælg mindst én dato, der skal aflyses." in response.text
    assert not series.bookings.filter(status=Booking.Status.CANCELLED).exists()


def test_a_date_of_another_series_cannot_be_slipped_into_the_cancellation(
    client, club, rep, series
):
    other = book(RoomFactory(), rep, next_weekday(3), time(10), time(11), club)
    client.force_login(rep)
    url = reverse("bookings:series-cancel", args=[series.pk])
    response = client.post(url, {"bookings": [other.pk], "confirm": ""})
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.status == Booking.Status.CONFIRMED


def test_a_booking_downloads_as_an_ics_file_with_its_door_code(client, club, rep):
    import icalendar

    booking = book(RoomFactory(lock_enabled=True), rep, next_weekday(2), time(19), time(21), club)
    client.force_login(rep)
    url = reverse("bookings:booking-ics", args=[booking.pk])
    assert url in client.get(reverse("bookings:booking-detail", args=[booking.pk])).text
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == booking.starts_at
    assert booking.door_code.code in str(event["description"])


def test_the_room_page_links_the_rooms_calendar_feed_for_those_who_may_book(client, rep):
    room = RoomFactory(bookable_by_associations=True)
    client.force_login(rep)
    html = client.get(reverse("bookings:room-detail", args=[room.pk])).text
    assert reverse("bookings:room-feed", args=[room.feed_token]) in html
    assert client.get(reverse("bookings:room-feed", args=[room.feed_token])).status_code == 200
