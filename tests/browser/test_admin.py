"""The Django admin is a page people use every day too: it passes axe like every other page."""

import json

import pytest
from playwright.sync_api import expect

from community.tests.factories import RoomFactory, administrator
from tests.browser.menu import follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_goes_through_the_admin_to_a_room_and_every_page_passes_axe(
    page, live_server, login, axe
):
    RoomFactory(name="Mødelokale 2")
    admin = administrator(email="admin@example.dk")
    login(page, admin)
    page.goto(live_server.url)
    follow_main_menu(page, "Administration")
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Lokaler", exact=True).first.click()
    axe(page)
    page.get_by_role("link", name="Mødelokale 2").click()
    expect(page.get_by_label("Navn")).to_have_value("Mødelokale 2")
    axe(page)


def test_an_administrator_enters_a_school_holiday_on_the_municipality_page(
    page, live_server, login, axe
):
    from community.models import Municipality, SchoolHoliday

    Municipality(name="Testby", code="0999").save()
    admin = administrator(email="admin@example.dk")
    login(page, admin)
    page.goto(live_server.url)
    follow_main_menu(page, "Administration")
    page.get_by_role("link", name="Kommune", exact=True).first.click()
    page.get_by_role("link", name="Testby Kommune").click()
    axe(page)
    # A stacked inline: a tabular one leaves its inputs without labels (axe: label).
    page.locator("#id_school_holidays-0-name").fill("Efterårsferie")
    page.locator("#id_school_holidays-0-starts_on").fill("17.10.2027")
    page.locator("#id_school_holidays-0-ends_on").fill("10.10.2027")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("Sidste feriedag skal ligge efter første feriedag.")).to_be_visible()
    axe(page)
    assert not SchoolHoliday.objects.exists()
    page.locator("#id_school_holidays-0-ends_on").fill("25.10.2027")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.locator(".messagelist").wait_for()
    axe(page)
    assert SchoolHoliday.objects.get().name == "Efterårsferie"


def test_one_admin_page_of_every_kind_passes_axe(page, live_server, login):
    """Delete confirmations, split date and time inputs, inline rows, list-editable columns,
    autocomplete and many-to-many boxes, filters with a blank value: each kind of admin page once."""
    from django.urls import reverse

    from community.audit import log_action
    from community.models import Role
    from community.tests.factories import LocalAreaFactory, UserFactory, with_role
    from conftest import axe_violations
    from hearings.tests.factories import make_hearing
    from maps.models import Facility, Layer
    from maps.services import layers_seed

    layers_seed()
    room = RoomFactory(name="Mødelokale 2")
    RoomFactory(building=room.building, name="Mødelokale 3")
    person = with_role(UserFactory(), Role.Kind.AREA_CONTACT, local_area=LocalAreaFactory())
    hearing = make_hearing()
    shelter = Facility(
        name="Shelter ved skoven",
        layer=Layer.objects.get(slug="shelters"),
        geometry={"type": "Point", "coordinates": [9.7, 55.76]},
    )
    shelter.save()
    Facility(
        name="Bålplads",
        layer=Layer.objects.get(slug="shelters"),
        geometry={"type": "Point", "coordinates": [9.71, 55.76]},
        source="osm",
    ).save()
    log_action("demo.loaded")  # an entry about no object: a blank "object type" to filter by
    admin = administrator(email="admin@example.dk")
    login(page, admin)
    pages = [
        reverse("admin:community_user_change", args=[person.pk]),
        reverse("admin:auth_group_add"),
        reverse("admin:community_auditentry_changelist"),
        reverse("admin:maps_facility_changelist"),
        reverse("admin:maps_facility_change", args=[shelter.pk]),
        reverse("admin:maps_layer_changelist"),
        reverse("admin:bookings_building_change", args=[room.building.pk]),
        reverse("admin:bookings_building_delete", args=[room.building.pk]),
        reverse("admin:hearings_hearing_change", args=[hearing.pk]),
        reverse("admin:bookings_closedperiod_add"),
    ]
    found = {}
    for url in pages:
        assert page.goto(live_server.url + url).status == 200, url
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)
