"""Moving around by the DKFDS main menu, as a person does."""

from playwright.sync_api import expect


def dkfds_ready(page):
    """DKFDS's script has run (static/js/samskab-dkfds.js marks the page when it has)."""
    expect(page.locator("html[data-dkfds=ready]")).to_have_count(1)


def follow_main_menu(page, name: str, menu: str = "Hovedmenu", more: str = "Mere"):
    """Click a link of the desktop main menu, opening its "Mere" list when DKFDS moved the link there.

    DKFDS moves the items that do not fit on one line into "Mere" once the page has loaded, so the
    page must have loaded (goto and click wait for that) before we look.
    """
    dkfds_ready(page)
    page.wait_for_load_state("load")
    nav = page.get_by_role("navigation", name=menu)
    shown = nav.locator(".mainmenu > li:not(.more-option):not(.d-none)")
    link = shown.get_by_role("link", name=name, exact=True)
    if link.count() == 0:
        nav.get_by_role("button", name=more).click()
        link = nav.locator(".more-option").get_by_role("link", name=name, exact=True)
    link.click()


def open_in_language(page, url: str, language: str) -> None:
    """Choose the language with the header's button on the page that is open, then open url: it
    must say its language and have one heading."""
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
