"""The DKFDS header in a real browser: the mobile menu on a phone, and Django's messages as DKFDS alerts."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.menu import dkfds_ready, follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WORDS = {
    "da": {"close": "Luk menu", "map": "Kort over udeliv", "h1": "Udeliv i Hedensted Kommune"},
    "en": {
        "close": "Close menu",
        "map": "Outdoor map",
        "h1": "Outdoor life in Hedensted Municipality",
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_on_a_phone_the_menu_button_opens_the_drawer_and_a_link_in_it_leads_to_the_map(
    page, live_server, axe, language
):
    words = WORDS[language]
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("community:home"))
    if language == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    dkfds_ready(page)

    # On a phone the main menu folds into the "Menu" button of the portal header.
    desktop_menu = page.locator(".navigation-menu")
    drawer = page.get_by_role("dialog", name="Menu")
    menu_button = page.get_by_role("button", name="Menu", exact=True)
    expect(desktop_menu).to_be_hidden()
    expect(drawer).to_be_hidden()
    expect(menu_button).to_be_visible()

    menu_button.click()
    expect(drawer).to_be_visible()
    expect(page.locator(".overlay")).to_have_class(re.compile(r"\bis-visible\b"))
    close = drawer.get_by_role("button", name=words["close"])
    expect(close).to_be_focused()
    axe(page)

    # "Luk" closes it again and gives the focus back to the menu button.
    close.click()
    expect(drawer).to_be_hidden()
    expect(page.locator(".overlay")).not_to_have_class(re.compile(r"\bis-visible\b"))
    expect(menu_button).to_be_focused()

    menu_button.click()
    drawer.get_by_role("navigation").get_by_role("link", name=words["map"]).click()
    expect(page).to_have_url(re.compile(r"/kort/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words["h1"])
    dkfds_ready(page)
    expect(drawer).to_be_hidden()
    # The drawer marks where we are.
    menu_button.click()
    expect(drawer.get_by_role("link", name=words["map"])).to_have_attribute("aria-current", "page")


def test_on_a_desktop_the_main_menu_shows_and_the_menu_button_does_not(page, live_server, axe):
    page.goto(live_server.url + reverse("community:home"))
    dkfds_ready(page)
    expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()
    nav = page.get_by_role("navigation", name="Hovedmenu")
    expect(nav.get_by_role("link", name="Forside")).to_have_attribute("aria-current", "page")
    follow_main_menu(page, "Lokalområder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokalområder")
    axe(page)


def test_logging_in_shows_the_welcome_as_a_dkfds_success_alert_and_a_wrong_password_as_an_error(
    page, live_server, login, axe
):
    from community.tests.factories import UserFactory

    grethe = UserFactory(first_name="Grethe", last_name="Hansen", email="grethe@example.dk")

    login(page, grethe, password="not-her-password")
    error = page.locator("main .alert.alert-error")
    expect(error).to_have_attribute("role", "alert")
    expect(error.locator(".alert-body .alert-text")).to_contain_text("adgangskode")
    axe(page)

    login(page, grethe)
    alert = page.locator(".samskab-messages .alert.alert-success")
    expect(alert.locator(".alert-body .alert-text")).to_have_text(
        "Loggede succesfuldt ind med Grethe Hansen."
    )
    # Drawn by DKFDS's stylesheet: its green background and the success icon from its sprite.
    assert alert.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(221, 247, 206)"
    icon = alert.locator("svg.alert-icon")
    expect(icon).to_have_attribute("aria-label", "Succes")
    assert icon.locator("use").evaluate("u => u.getBBox().width") > 0
    expect(page.locator("header")).to_contain_text("Grethe Hansen")
    axe(page)
