"""A room's week calendar: hours gone by are past (not closed), dates read as Danish writes them."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bookings import selectors
from bookings.templatetags.bookings_tags import short_date
from community.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def test_hours_gone_by_are_past_and_a_day_the_room_is_shut_is_closed():
    room = RoomFactory(opens_at=time(8), closes_at=time(22), open_weekdays=[0, 1, 2, 3, 4])
    monday = date(2027, 1, 11)
    now = timezone.make_aware(datetime(2027, 1, 13, 12, 30))
    week = selectors.room_week(room, monday, now=now)
    states = {(c["day"], row["hour"]): c["state"] for row in week["rows"] for c in row["cells"]}
    assert states[(monday, 19)] == "past"
    assert states[(date(2027, 1, 13), 11)] == "past"
    assert states[(date(2027, 1, 13), 13)] == "free"
    assert states[(date(2027, 1, 16), 13)] == "closed"


def test_the_week_page_says_forbi_for_past_hours_and_writes_months_in_lower_case(client):
    room = RoomFactory()
    today = timezone.localdate()
    html = client.get(reverse("bookings:room-detail", args=[room.pk]), {"uge": today}).text
    assert "Forbi" in html or today.weekday() == 0 and timezone.localtime().hour < 8
    monday = today - timedelta(days=today.weekday())
    assert short_date(monday) in html


def test_a_short_date_has_its_month_in_lower_case_in_danish():
    with translation.override("da"):
        assert short_date(date(2027, 1, 5)) == "tir. 5. jan. 2027"
        assert short_date(date(2027, 5, 4)) == "tir. 4. maj 2027"
    with translation.override("en"):
        assert short_date(date(2027, 1, 5)) == "Tue 5 Jan 2027"


def test_a_big_room_shows_its_capacity_with_a_thousands_separator(client):
    room = RoomFactory(capacity=4100)
    html = client.get(reverse("bookings:room-detail", args=[room.pk])).text
    assert "4.100 personer" in html


def test_the_booking_list_writes_the_local_day_with_its_month_in_lower_case(client, club, rep):
    from bookings.tests.conftest import book, holiday_free_weekday

    room = RoomFactory(opens_at=time(0))
    day = holiday_free_weekday(1, 1)
    # 00:30 in Copenhagen is the evening before in UTC: the page shows the local day.
    booking = book(room, rep, day, time(0, 30), time(2), club)
    client.force_login(rep)
    listing = client.get(reverse("bookings:booking-list")).text
    assert short_date(day) in listing
    assert short_date(day - timedelta(days=1)) not in listing
    assert re.search(r"\b(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\b", short_date(day))
    assert booking.starts_at.astimezone(UTC).date() == day - timedelta(days=1)
