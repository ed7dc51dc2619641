import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.menu import open_in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["community:home", "account_login", "account_signup"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["da", "en"])
def test_core_pages_have_no_serious_accessibility_problems_in_both_languages(
    page, live_server, axe, name, language
):
    page.goto(live_server.url + reverse("community:home"))
    open_in_language(page, live_server.url + reverse(name), language)
    assert page.locator("main#main-content").count() == 1
    skip_link = {"da": "Gå til sidens indhold", "en": "Skip to content"}[language]
    assert page.locator("a.skipnav").inner_text() == skip_link
    axe(page)


def test_the_home_page_speaks_plain_danish_first_and_english_on_request(page, live_server):
    page.goto(live_server.url + reverse("community:home"))
    assert "Vil du have selskab eller en at tale med?" in page.content()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert "Would you like company or someone to talk to?" in page.content()
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "da"


def test_the_skip_link_takes_keyboard_users_to_the_content(page, live_server):
    page.goto(live_server.url + reverse("community:home"))
    # DKFDS's script handles the skip link once it has started; wait for it, as a person would not
    # notice either way, then check what they do notice: the focus is on the page's content.
    expect(page.locator("html[data-dkfds=ready]")).to_have_count(1)
    page.keyboard.press("Tab")
    skip = page.locator("a.skipnav")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_a_staff_member_logs_in_with_a_two_factor_code(page, live_server, login):
    from community.tests.factories import coordinator

    alice = coordinator("social-omsorg", email="alice@example.dk")
    login(page, alice)
    page.goto(live_server.url + reverse("community:citizen-list"))
    assert page.locator("h1").inner_text() == "Borgere du arbejder med"
