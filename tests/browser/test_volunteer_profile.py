"""A volunteer picks her exact point on the profile map and it stays; her coordinator reads her
profile in words, in Danish and in English, also on a phone."""

import pytest
from playwright.sync_api import expect

from community.models import Role
from community.tests.factories import UserFactory, coordinator
from tests.browser.menu import follow_main_menu
from volunteers.models import Volunteer
from volunteers.tests.factories import VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {
        "me": "Mig som frivillig",
        "edit": "Ret mine oplysninger",
        "show_map": "Vis præcist på et kort (kan udelades)",
        "picked": "Punkt valgt.",
        "save": "Gem",
        "dashboard": "Frivilligoverblik",
        "all": "Alle frivillige",
        "seen": ["Besøgsven, Spiseven", "Dansk, Engelsk", "Ældre", "15 km", "Cykel", "20 30 40 50"],
        "menu": {"menu": "Hovedmenu", "more": "Mere"},
    },
    "en": {
        "me": "Me as a volunteer",
        "edit": "Edit my details",
        "show_map": "Show exactly on a map (optional)",
        "picked": "Point chosen.",
        "save": "Save",
        "dashboard": "Volunteer dashboard",
        "all": "All volunteers",
        "seen": ["Visiting friend, Meal buddy", "Danish, English", "Older people", "15 km"],
        "menu": {"menu": "Main menu", "more": "More"},
    },
}


def _in_language(page, live_server, language):
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_picked_point_stays_and_the_coordinator_reads_the_profile_in_words(
    page, new_page, live_server, login, axe, language
):
    w = WORDS[language]
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    grethe = VolunteerFactory(
        user=UserFactory(first_name="Grethe", last_name="Hansen", phone="20 30 40 50"),
        activities=["visiting_friend", "meal_buddy"],
        languages=["da", "en"],
        age_groups=["seniors"],
        travel_km=15,
        travel_mode="bike",
    )
    Role.objects.create(user=grethe.user, kind=Role.Kind.VOLUNTEER)
    centre = (grethe.lat, grethe.lon)

    # She picks her point on the map and saves.
    login(page, grethe.user)
    _in_language(page, live_server, language)
    follow_main_menu(page, w["me"], **w["menu"])
    page.get_by_role("link", name=w["edit"]).click()
    page.get_by_text(w["show_map"]).click()
    box = page.locator("#pick-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
    expect(page.locator("#pick-status")).to_have_text(w["picked"])
    page.get_by_role("button", name=w["save"], exact=True).click()
    page.wait_for_load_state()
    grethe.refresh_from_db()
    picked = (grethe.lat, grethe.lon)
    assert picked != centre and None not in picked

    # The form comes back with her point, and saving without touching the map keeps it.
    page.get_by_role("link", name=w["edit"]).click()
    assert float(page.locator("#id_lat").input_value()) == picked[0]
    page.get_by_text(w["show_map"]).click()
    expect(page.locator("#pick-map .leaflet-marker-icon")).to_have_count(1)
    axe(page)
    page.get_by_role("button", name=w["save"], exact=True).click()
    page.wait_for_load_state()
    assert Volunteer.objects.values_list("lat", "lon").get(pk=grethe.pk) == picked

    # Her coordinator, on a phone, reads her profile in words.
    staff = new_page()
    staff.set_viewport_size({"width": 390, "height": 844})
    login(staff, birthe)
    _in_language(staff, live_server, language)
    staff.set_viewport_size({"width": 1280, "height": 900})
    follow_main_menu(staff, w["dashboard"], **w["menu"])
    staff.get_by_role("link", name=w["all"]).first.click()
    staff.set_viewport_size({"width": 390, "height": 844})
    staff.get_by_role("link", name="Grethe Hansen").click()
    main = staff.locator("main")
    for text in w["seen"]:
        expect(main).to_contain_text(text)
    for code in ["visiting_friend", "meal_buddy", "seniors", "bike"]:
        expect(main).not_to_contain_text(code)
    assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    axe(staff)
    staff.screenshot(path=f"/tmp/h3-volunteer-{language}-390.png", full_page=True)
