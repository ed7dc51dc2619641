"""Weekly series skip Danish public holidays and, when the association chooses so, the municipality's
school holidays; the preview and the series page name each skipped date."""

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Booking, BookingSeries
from bookings.tests.conftest import book, coming_easter_monday, weekly
from community.models import AuditEntry, SchoolHoliday
from community.tests.factories import (
    AssociationFactory,
    RoomFactory,
    association_rep,
    school_holiday,
)

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2027, 1, 4))


def test_a_monday_series_skips_easter_monday_and_whit_monday_by_name():
    room = RoomFactory()
    report = services.series_preview(
        room=room, pattern=weekly(date(2027, 3, 15), date(2027, 5, 24), weekday=0), now=NOW
    )
    named = {o.day: str(o.holiday.name) for o in report if o.holiday}
    assert named == {date(2027, 3, 29): "2. påskedag", date(2027, 5, 17): "2. pinsedag"}
    assert len([o for o in report if o.ok]) == 9


def test_school_holidays_are_skipped_only_when_the_association_chooses_so():
    room = RoomFactory()
    school_holiday("Efterårsferie", date(2027, 10, 16), date(2027, 10, 24))
    season = weekly(date(2027, 10, 5), date(2027, 11, 2))
    skipping = services.series_preview(room=room, pattern=season, now=NOW)
    assert [(o.day, o.holiday.name) for o in skipping if o.holiday] == [
        (date(2027, 10, 19), "Efterårsferie")
    ]
    keeping = services.series_preview(
        room=room, pattern=replace(season, skip_school_holidays=False), now=NOW
    )
    assert all(o.ok for o in keeping) and len(keeping) == 5


def test_the_series_keeps_its_holidays_and_taken_dates_and_the_audit_names_them(club, rep):
    room = RoomFactory()
    school_holiday("Påskeferie", date(2027, 3, 20), date(2027, 3, 29))
    neighbours = AssociationFactory()
    other = association_rep(neighbours, email="other@example.dk")
    services.booking_create(
        room=room,
        starts_at=services.at_local(date(2027, 4, 12), time(19)),
        ends_at=services.at_local(date(2027, 4, 12), time(20)),
        booked_by=other,
        association=neighbours,
        now=NOW,
    )
    series = services.series_create(
        room=room,
        pattern=weekly(date(2027, 3, 15), date(2027, 4, 19), weekday=0),
        booked_by=rep,
        association=club,
        skip_dates=[date(2027, 4, 12)],
        now=NOW,
    )
    days = sorted(timezone.localtime(b.starts_at).date() for b in series.bookings.all())
    assert days == [date(2027, 3, 15), date(2027, 4, 5), date(2027, 4, 19)]
    easter_break = SchoolHoliday.objects.get()
    assert [(e["day"], e["why"]) for e in series.skipped] == [
        ("2027-03-22", f"school:{easter_break.pk}"),
        ("2027-03-29", "public:2-paaskedag"),
        ("2027-04-12", "taken"),
    ]
    entry = AuditEntry.objects.get(action="booking_series.booked")
    assert entry.data["holidays"] == {"2027-03-22": "Påskeferie", "2027-03-29": "2. påskedag"}
    assert entry.data["skipped"] == ["2027-04-12"]


def test_the_preview_and_the_series_page_list_each_skipped_date_with_its_reason(client, club, rep):
    room = RoomFactory(max_days_ahead=500)
    easter_monday = coming_easter_monday()
    first, last = easter_monday - timedelta(weeks=2), easter_monday + timedelta(weeks=2)
    school_holiday("Vinterferie", first, first, name_en="Winter break")
    taken = easter_monday + timedelta(weeks=1)
    neighbours = AssociationFactory()
    book(room, association_rep(neighbours), taken, time(18), time(20), neighbours)
    data = {
        "association": str(club.pk),
        "weekday": 0,
        "start_time": "17:00",
        "end_time": "19:00",
        "first_date": first.isoformat(),
        "last_date": last.isoformat(),
        "head_count": 12,
        "skip_school_holidays": "on",
    }
    url = reverse("bookings:series-create", args=[room.pk])
    client.force_login(rep)
    assert re.search(
        r'<input type="checkbox" name="skip_school_holidays"[^>]* checked', client.get(url).text
    )
    preview = client.post(url, {**data, "preview": ""}).text
    assert "2 datoer er helligdage eller i skoleferier og springes over:" in preview
    assert f"{easter_monday.day}. " in preview and ": 2. påskedag</li>" in preview
    assert ": Vinterferie</li>" in preview
    assert "1 dato kan ikke bookes og springes over" in preview
    assert "2 datoer kan bookes." in preview
    response = client.post(url, {**data, "confirm": "", "skip": [taken.isoformat()]})
    assert response.status_code == 302
    series = BookingSeries.objects.get()
    assert series.bookings.count() == 2
    page = client.get(reverse("bookings:series-detail", args=[series.pk])).text
    assert "Datoer, der springes over" in page
    assert page.count("<td>2. påskedag</td>") == 1
    assert "<td>Vinterferie</td>" in page and "<td>Optaget af en anden booking</td>" in page
    client.cookies.load({"django_language": "en"})
    english = client.get(reverse("bookings:series-detail", args=[series.pk])).text
    assert "<td>Easter Monday</td>" in english and "<td>Winter break</td>" in english
    assert "<td>Taken by another booking</td>" in english


def test_without_skipping_school_holidays_the_series_books_the_school_holiday(client, club, rep):
    room = RoomFactory(max_days_ahead=500)
    easter_monday = coming_easter_monday()
    first = easter_monday + timedelta(days=1)  # the Tuesday after
    school_holiday("Påskeferie", first, first)
    client.force_login(rep)
    response = client.post(
        reverse("bookings:series-create", args=[room.pk]),
        {
            "association": str(club.pk),
            "weekday": 1,
            "start_time": "17:00",
            "end_time": "19:00",
            "first_date": first.isoformat(),
            "last_date": (first + timedelta(weeks=1)).isoformat(),
            "head_count": 12,
            "confirm": "",
        },
    )
    assert response.status_code == 302
    series = BookingSeries.objects.get()
    assert not series.skip_school_holidays and series.skipped == []
    assert Booking.objects.filter(series=series).count() == 2
