from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_representative_finds_a_room_books_a_weekly_series_and_sees_the_door_code(
    page, live_server, login, axe
):
    from bookings.models import Booking
    from community.tests.factories import AssociationFactory, RoomFactory, association_rep

    club = AssociationFactory(name="Løsning Fællesspisning")
    rep = association_rep(club, email="rep@example.dk")
    RoomFactory(name="Skolekøkkenet", capacity=30, lock_enabled=True, equipment=["køkken"])
    RoomFactory(name="Kosteskabet", capacity=2)
    from bookings.tests.conftest import holiday_free_weekday

    first = holiday_free_weekday(0, 13)  # a Monday: the Wednesdays after it are no holidays
    last = first + timedelta(weeks=12, days=6)

    login(page, rep)
    page.goto(live_server.url + reverse("bookings:room-search"))
    axe(page)
    page.get_by_label("Fast hver uge i en sæson").check()
    page.get_by_label("Ugedag").select_option("2")
    page.get_by_label("Første dag").fill(first.isoformat())
    page.get_by_label("Sidste dag").fill(last.isoformat())
    page.get_by_label("Fra kl.").fill("17:00")
    page.get_by_label("Til kl.").fill("20:00")
    page.get_by_label("Antal personer").fill("20")
    page.get_by_role("button", name="Søg ledige lokaler").click()
    results = page.locator("#results")
    results.get_by_text("Ledig alle 13 uger").wait_for()
    assert "Kosteskabet" not in results.inner_text()
    axe(page)

    results.get_by_role("link", name="Book fast hver uge").first.click()
    page.get_by_role("heading", level=1).wait_for()
    page.get_by_label("Aktivitet").fill("Fællesspisning")
    page.get_by_role("button", name="Se hvilke datoer der er ledige").click()
    page.get_by_text("13 datoer kan bookes.").wait_for()
    axe(page)
    page.get_by_role("button", name="Bekræft og book 13 datoer").click()
    page.get_by_text("13 datoer er booket.").wait_for()
    axe(page)

    assert Booking.objects.filter(association=club, status="confirmed").count() == 13
    booking = Booking.objects.filter(association=club).order_by("starts_at").first()
    page.goto(live_server.url + reverse("bookings:booking-detail", args=[booking.pk]))
    assert page.locator("#door-code").inner_text() == booking.door_code.code
    assert timezone.localtime(booking.starts_at).strftime("%H:%M") == "17:00"
    axe(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_room_pages_have_no_serious_accessibility_problems_in_both_languages(
    page, live_server, axe, language
):
    from community.tests.factories import RoomFactory

    room = RoomFactory(name="Salen", lock_enabled=True)
    page.goto(live_server.url + reverse("community:home"))
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    page.goto(
        live_server.url
        + reverse("bookings:room-search")
        + "?mode=date&day=2030-01-08&start_time=19:00&end_time=21:00"
    )
    assert page.locator("h1").count() == 1
    axe(page)
    page.goto(live_server.url + reverse("bookings:room-detail", args=[room.pk]))
    assert page.locator("html").get_attribute("lang") == language
    page.get_by_role("link", name="Næste uge" if language == "da" else "Next week").click()
    page.wait_for_load_state()
    axe(page)


def test_a_representative_books_a_season_for_a_head_count_gets_codes_and_cancels_two_dates(
    page, live_server, login, axe
):
    from bookings.models import Booking
    from bookings.tests.conftest import club_booking, holiday_free_weekday, slot
    from community.tests.factories import AssociationFactory, RoomFactory, association_rep

    club = AssociationFactory(name="Løsning Fællesspisning")
    rep = association_rep(club, email="rep@example.dk")
    room = RoomFactory(name="Skolekøkkenet", capacity=30, lock_enabled=True)
    RoomFactory(name="Kosteskabet", capacity=4)
    first = holiday_free_weekday(1, 9)  # a Tuesday, no holiday for ten weeks
    last = first + timedelta(weeks=9)
    club_booking(room, *slot(first + timedelta(weeks=3), time(18), time(19)))

    login(page, rep)
    page.goto(live_server.url + reverse("community:home"))
    page.get_by_role("link", name="Find et ledigt lokale").first.click()
    page.get_by_role("heading", level=1, name="Find et ledigt lokale").wait_for()
    axe(page)

    # A time range the wrong way round is told at the field, and the form stays.
    page.get_by_label("Fra kl.").fill("21:00")
    page.get_by_label("Til kl.").fill("19:00")
    page.get_by_role("button", name="Søg ledige lokaler").click()
    expect(page.locator("#id_end_time_error")).to_contain_text("Sluttidspunktet skal ligge efter")
    axe(page)

    page.get_by_label("Fast hver uge i en sæson").check()
    page.get_by_label("Ugedag").select_option("1")
    page.get_by_label("Første dag").fill(first.isoformat())
    page.get_by_label("Sidste dag").fill(last.isoformat())
    page.get_by_label("Fra kl.").fill("17:00")
    page.get_by_label("Til kl.").fill("20:00")
    page.get_by_label("Antal personer").fill("20")
    page.get_by_role("button", name="Søg ledige lokaler").click()
    results = page.locator("#results")
    results.get_by_text("Ledig 9 af 10 uger").wait_for()
    assert "Kosteskabet" not in results.inner_text()
    axe(page)

    results.get_by_role("link", name="Book fast hver uge").first.click()
    page.get_by_role("heading", level=1).wait_for()
    expect(page.get_by_label("Antal personer")).to_have_value("20")
    page.get_by_label("Aktivitet").fill("Fællesspisning")
    page.get_by_role("button", name="Se hvilke datoer der er ledige").click()
    page.get_by_text("9 datoer kan bookes.").wait_for()
    expect(page.get_by_text("1 dato kan ikke bookes og springes over")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Bekræft og book 9 datoer").click()
    page.get_by_text("9 datoer er booket.").wait_for()
    expect(page.locator(".samskab-code")).to_have_count(9)
    axe(page)
    series_url = page.url

    page.locator("table a").first.click()
    expect(page.locator("#door-code")).to_be_visible()
    expect(page.get_by_role("link", name="Hent bookingen til din kalender (.ics)")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Skolekøkkenet").first.click()
    expect(page.get_by_role("link", name="Lokalets kalender (iCal)")).to_be_visible()
    axe(page)

    page.goto(series_url)
    page.get_by_role("link", name="Aflys en eller flere datoer").click()
    boxes = page.locator("input[name=bookings]")
    expect(boxes).to_have_count(9)
    assert not any(boxes.nth(i).is_checked() for i in range(9))
    axe(page)
    boxes.nth(1).check()
    boxes.nth(2).check()
    page.get_by_role("button", name="Aflys de valgte datoer").click()
    page.get_by_role("heading", name="Vil du aflyse 2 datoer?").wait_for()
    axe(page)
    assert not Booking.objects.filter(association=club, status="cancelled").exists()
    page.get_by_role("button", name="Ja, aflys 2 datoer").click()
    page.get_by_text("2 datoer er aflyst.").wait_for()
    axe(page)
    assert Booking.objects.filter(association=club, status="cancelled").count() == 2
    assert Booking.objects.filter(association=club, status="confirmed").count() == 7
    assert set(Booking.objects.filter(association=club).values_list("head_count", flat=True)) == {
        20
    }


SEASON_WORDS = {
    "da": {
        "find": "Find et ledigt lokale",
        "weekly": "Fast hver uge i en sæson",
        "weekday": "Ugedag",
        "first": "Første dag",
        "last": "Sidste dag",
        "from": "Fra kl.",
        "until": "Til kl.",
        "people": "Antal personer",
        "search": "Søg ledige lokaler",
        "book_weekly": "Book fast hver uge",
        "activity": "Aktivitet",
        "skip_school": "Spring skoleferier over",
        "preview": "Se hvilke datoer der er ledige",
        "free": "3 datoer kan bookes.",
        "holidays": "2 datoer er helligdage eller i skoleferier og springes over:",
        "taken_heading": "1 dato kan ikke bookes og springes over:",
        "confirm": "Bekræft og book 3 datoer",
        "booked": "3 datoer er booket.",
        "skipped": "Datoer, der springes over",
        "easter_monday": "2. påskedag",
        "school": "Påskeferie",
        "taken": "Optaget af en anden booking",
    },
    "en": {
        "find": "Find a free room",
        "weekly": "Every week for a season",
        "weekday": "Weekday",
        "first": "First day",
        "last": "Last day",
        "from": "From",
        "until": "Until",
        "people": "Number of people",
        "search": "Search free rooms",
        "book_weekly": "Book every week",
        "activity": "Activity",
        "skip_school": "Skip school holidays",
        "preview": "See which dates are free",
        "free": "3 dates can be booked.",
        "holidays": "2 dates are public holidays or in school holidays and are skipped:",
        "taken_heading": "1 date cannot be booked and is skipped:",
        "confirm": "Confirm and book 3 dates",
        "booked": "3 dates are booked.",
        "skipped": "Dates that are skipped",
        "easter_monday": "Easter Monday",
        "school": "Easter holidays",
        "taken": "Taken by another booking",
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_representative_books_a_season_over_easter_and_sees_the_skipped_holidays(
    page, live_server, login, axe, language
):
    from bookings.models import Booking
    from bookings.tests.conftest import club_booking, coming_easter_monday, slot
    from community.tests.factories import (
        AssociationFactory,
        RoomFactory,
        association_rep,
        school_holiday,
    )

    w = SEASON_WORDS[language]
    club = AssociationFactory(name="Løsning Fællesspisning")
    rep = association_rep(club, email="rep@example.dk")
    room = RoomFactory(name="Skolekøkkenet", capacity=30, max_days_ahead=500)
    easter_monday = coming_easter_monday()
    first, last = easter_monday - timedelta(weeks=2), easter_monday + timedelta(weeks=3)
    # The school's Easter break: from the Saturday before Palm Sunday to Easter Monday.
    school_holiday(
        "Påskeferie", easter_monday - timedelta(days=9), easter_monday, name_en="Easter holidays"
    )
    taken = easter_monday + timedelta(weeks=1)
    club_booking(room, *slot(taken, time(18), time(19)))

    login(page, rep)
    page.goto(live_server.url + reverse("community:home"))
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    page.get_by_role("link", name=w["find"]).first.click()
    page.get_by_role("heading", level=1, name=w["find"]).wait_for()
    axe(page)

    page.get_by_label(w["weekly"]).check()
    page.get_by_label(w["weekday"]).select_option("0")
    page.get_by_label(w["first"]).fill(first.isoformat())
    page.get_by_label(w["last"]).fill(last.isoformat())
    page.get_by_label(w["from"]).fill("17:00")
    page.get_by_label(w["until"]).fill("19:00")
    page.get_by_label(w["people"]).fill("20")
    page.get_by_role("button", name=w["search"]).click()
    results = page.locator("#results")
    results.get_by_role("link", name=w["book_weekly"]).first.wait_for()
    expect(results.locator("#search-holidays")).to_contain_text(w["easter_monday"])
    expect(results.locator("#search-holidays")).to_contain_text(w["school"])
    axe(page)

    results.get_by_role("link", name=w["book_weekly"]).first.click()
    page.get_by_role("heading", level=1).wait_for()
    expect(page.get_by_label(w["skip_school"])).to_be_checked()
    page.get_by_label(w["activity"]).fill("Fællesspisning")
    page.get_by_role("button", name=w["preview"]).click()
    page.get_by_text(w["free"]).wait_for()
    holidays = page.locator("#holidays")
    expect(holidays).to_contain_text(w["holidays"])
    expect(holidays.locator("li")).to_have_count(2)
    expect(holidays.locator("li").nth(0)).to_contain_text(w["school"])
    expect(holidays.locator("li").nth(1)).to_contain_text(w["easter_monday"])
    expect(page.get_by_text(w["taken_heading"])).to_be_visible()
    axe(page)

    page.get_by_role("button", name=w["confirm"]).click()
    page.get_by_text(w["booked"]).wait_for()
    skipped = page.locator("#skipped")
    expect(skipped.get_by_role("heading", name=w["skipped"])).to_be_visible()
    rows = skipped.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(w["school"])
    expect(rows.nth(1)).to_contain_text(w["easter_monday"])
    expect(rows.nth(2)).to_contain_text(w["taken"])
    axe(page)
    booked = sorted(
        timezone.localtime(b.starts_at).date() for b in Booking.objects.filter(association=club)
    )
    assert booked == [first, taken + timedelta(weeks=1), taken + timedelta(weeks=2)]
