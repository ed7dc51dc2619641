"""A moved booking reaches calendars that already hold it: SEQUENCE and LAST-MODIFIED change,
DTSTAMP is when the feed was made."""

from datetime import datetime, time, timedelta

import icalendar
import pytest
from django.urls import reverse
from freezegun import freeze_time

from bookings.tests.conftest import book, next_weekday

pytestmark = pytest.mark.django_db

CREATED = datetime.fromisoformat("2026-11-02T09:00:00+00:00")
MOVED = datetime.fromisoformat("2026-11-05T14:30:00+00:00")
READ = datetime.fromisoformat("2026-11-06T07:15:00+00:00")


def _event(client, url):
    feed = icalendar.Calendar.from_ical(client.get(url).content)
    (event,) = feed.walk("VEVENT")
    return event


@pytest.fixture
def booking(room, club, rep):
    with freeze_time(CREATED):
        return book(room, rep, next_weekday(1, weeks_ahead=6), time(10), time(12), club)


def test_moving_a_booking_raises_its_sequence_and_last_modified_in_both_feeds(
    client, room, club, rep, booking
):
    feeds = [
        reverse("bookings:association-feed", args=[club.feed_token]),
        reverse("bookings:room-feed", args=[room.feed_token]),
    ]
    with freeze_time(READ - timedelta(days=1)):
        before = [_event(client, url) for url in feeds]
    for event in before:
        assert event.decoded("sequence") == 0
        assert event.decoded("last-modified") == CREATED

    client.force_login(rep)
    day = next_weekday(3, weeks_ahead=6)
    with freeze_time(MOVED):
        response = client.post(
            reverse("bookings:booking-edit", args=[booking.pk]),
            {"day": day.isoformat(), "start_time": "17:00", "end_time": "19:00"},
        )
    assert response.status_code == 302

    with freeze_time(READ):
        after = [_event(client, url) for url in feeds]
    for event in after:
        assert str(event["uid"]) == f"booking-{booking.pk}@samskab"
        assert event.decoded("sequence") == 1
        assert event.decoded("last-modified") == MOVED
        assert event.decoded("dtstart").date() == day
        assert event.decoded("dtstamp") == READ


def test_the_feed_is_stamped_when_it_is_made_not_when_the_booking_was(client, club, booking):
    url = reverse("bookings:association-feed", args=[club.feed_token])
    with freeze_time(READ):
        event = _event(client, url)
    assert event.decoded("dtstamp") == READ
    assert event.decoded("last-modified") == CREATED


def test_saving_a_booking_at_the_same_time_leaves_its_sequence(client, club, rep, booking):
    client.force_login(rep)
    page = client.get(reverse("bookings:booking-edit", args=[booking.pk]))
    form = page.context["form"]
    with freeze_time(MOVED):
        response = client.post(
            reverse("bookings:booking-edit", args=[booking.pk]),
            {name: form[name].value() for name in ("day", "start_time", "end_time")},
        )
    assert response.status_code == 302
    event = _event(client, reverse("bookings:association-feed", args=[club.feed_token]))
    assert event.decoded("sequence") == 0
