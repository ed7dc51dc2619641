from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

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
    today = timezone.localdate()
    first = today + timedelta(days=14 - today.weekday())
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
