"""The booking pages' forms as a person meets them: errors shown where the field is, dates that stay
in their inputs in Danish, a head count checked against the room, the move form filled in."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.forms import season_default
from bookings.models import Booking, BookingSeries
from bookings.tests.conftest import (
    book,
    holiday_free_weekday,
    next_weekday,
    thursday_series_form,
    weekly,
)
from community.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _value(html: str, name: str) -> str | None:
    match = re.search(rf'<input type="date" name="{name}" value="([^"]*)"', html)
    return match and match.group(1)


@pytest.mark.parametrize(
    "query, field, message",
    [
        (
            {"mode": "date", "day": "2030-01-08", "start_time": "21:00", "end_time": "19:00"},
            "end_time",
            "Sluttidspunktet skal ligge efter starttidspunktet.",
        ),
        ({"mode": "date", "start_time": "19:00", "end_time": "21:00"}, "day", "Vælg en dato."),
        (
            {"mode": "weekly", "weekday": "1", "start_time": "19:00", "end_time": "21:00"},
            "first_date",
            "Vælg sæsonens første dag.",
        ),
    ],
)
def test_the_in_page_search_update_shows_the_errors_at_the_fields(client, query, field, message):
    response = client.get(reverse("bookings:room-search"), query, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der er noget, der skal rettes" in html
    assert re.search(rf'<span class="form-error-message" id="id_{field}_error">.*{message}', html)
    assert '<form method="get"' in html and "<html" not in html


def test_the_in_page_search_update_brings_its_form_back_with_the_results(client):
    RoomFactory(name="Salen")
    response = client.get(
        reverse("bookings:room-search"),
        {
            "mode": "date",
            "day": next_weekday(2).isoformat(),
            "start_time": "19:00",
            "end_time": "21:00",
        },
        **HTMX,
    )
    html = response.content.decode()
    assert "Salen" in html and "1 lokale passer" in html
    assert "form-error-message" not in html


def test_a_fresh_search_form_shows_its_default_day_and_season_in_danish(client):
    html = client.get(reverse("bookings:room-search"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    first, last = season_default()
    assert _value(html, "day") == (timezone.localdate() + timedelta(days=1)).isoformat()
    assert _value(html, "first_date") == first.isoformat()
    assert _value(html, "last_date") == last.isoformat()


def test_the_day_clicked_in_the_week_calendar_stays_in_the_booking_form(client, rep):
    room = RoomFactory(bookable_by_associations=True)
    day = next_weekday(3)
    client.force_login(rep)
    week = client.get(reverse("bookings:room-detail", args=[room.pk]), {"uge": day.isoformat()})
    link = re.search(rf'href="([^"]*/book/\?dato={day}&amp;fra=19:00[^"]*)"', week.content.decode())
    assert link, "the week calendar links a free hour to the booking form"
    html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert _value(html, "day") == day.isoformat()
    assert re.search(r'<input type="time" name="start_time" value="19:00"', html)


def _booking_form(club, day, **extra) -> dict:
    return {
        "association": str(club.pk),
        "day": day.isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        **extra,
    }


def test_a_booking_for_more_people_than_the_room_holds_is_refused_at_the_head_count(
    client, club, rep
):
    room = RoomFactory(capacity=4100)
    client.force_login(rep)
    response = client.post(
        reverse("bookings:booking-create", args=[room.pk]),
        _booking_form(club, next_weekday(2), head_count=4200),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        r'id="id_head_count_error">.*Lokalet har plads til 4.100 personer, ikke 4.200', html
    )
    assert not Booking.objects.exists()


def test_a_booking_form_asks_how_many_come_and_keeps_the_head_count(client, club, rep):
    room = RoomFactory(capacity=30)
    client.force_login(rep)
    url = reverse("bookings:booking-create", args=[room.pk])
    assert "Lokalet har plads til 30." in client.get(url).content.decode()
    missing = client.post(url, _booking_form(club, next_weekday(2)))
    assert 'id="id_head_count_error"' in missing.content.decode()
    response = client.post(url, _booking_form(club, next_weekday(2), head_count=25))
    assert response.status_code == 302
    assert Booking.objects.get().head_count == 25


def test_a_series_for_more_people_than_the_room_holds_is_refused_at_the_head_count(
    client, club, rep
):
    room = RoomFactory(capacity=10)
    client.force_login(rep)
    first = next_weekday(3)
    response = client.post(
        reverse("bookings:series-create", args=[room.pk]),
        thursday_series_form(club, first, first + timedelta(weeks=3), head_count=11, confirm=""),
    )
    assert re.search(r'id="id_head_count_error">.*plads til 10 personer, ikke 11', response.text)
    assert not BookingSeries.objects.exists()


def test_the_services_refuse_a_head_count_above_the_capacity(club, rep):
    room = RoomFactory(capacity=10)
    day = next_weekday(2)
    with pytest.raises(services.BookingRefused, match="plads til 10"):
        book(room, rep, day, time(19), time(21), club, head_count=11)
    with pytest.raises(services.BookingRefused, match="plads til 10"):
        services.series_create(
            room=room,
            pattern=weekly(day, day + timedelta(weeks=2), weekday=day.weekday()),
            booked_by=rep,
            association=club,
            head_count=11,
        )


def test_the_move_form_starts_from_the_bookings_own_day_and_times(client, club, rep):
    room = RoomFactory()
    day = next_weekday(4)
    booking = book(room, rep, day, time(17, 30), time(19), club)
    client.force_login(rep)
    html = client.get(reverse("bookings:booking-edit", args=[booking.pk])).content.decode()
    assert _value(html, "day") == day.isoformat()
    assert re.search(r'<input type="time" name="start_time" value="17:30"', html)
    assert re.search(r'<input type="time" name="end_time" value="19:00"', html)


def test_a_series_every_other_week_on_two_weekdays_books_those_dates_only(client, club, rep):
    room = RoomFactory()
    client.force_login(rep)
    first = holiday_free_weekday(0, 6)  # a Monday
    data = thursday_series_form(
        club,
        first,
        first + timedelta(weeks=5, days=6),
        weekday=1,
        also_weekdays=[3],
        interval_weeks=2,
        confirm="",
    )
    response = client.post(reverse("bookings:series-create", args=[room.pk]), data)
    assert response.status_code == 302, response.text[:3000]
    series = BookingSeries.objects.get()
    days = [timezone.localtime(b.starts_at).date() for b in series.bookings.order_by("starts_at")]
    expected = [first + timedelta(weeks=w, days=d) for w in (0, 2, 4) for d in (1, 3)]
    assert days == expected
    detail = client.get(reverse("bookings:series-detail", args=[series.pk])).text
    assert "Hver anden uge." in detail and "tirsdag, torsdag" in detail


def test_a_weekly_pattern_every_week_on_one_day_gives_every_week():
    first = next_weekday(2)
    pattern = weekly(first, first + timedelta(weeks=3), weekday=2)
    assert pattern.dates() == [first + timedelta(weeks=w) for w in range(4)]
