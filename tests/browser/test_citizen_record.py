"""A coordinator opens a citizen's record from her work, says why once, and the read is audited."""

import pytest
from playwright.sync_api import expect

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, coordinator, core_task
from tests.browser.menu import follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {
        "match": "Match",
        "needs": "Behov",
        "open": "Åbn borgeren",
        "purpose": "Matchning med frivillig eller tilbud",
        "section": "Behov og aftaler",
        "citizens": "Borgere",
        "search": "Søg efter navn",
        "search_purpose": "Formål, når du åbner en borger",
        "follow_up": "Opfølgning",
        "go": "Søg",
        "open_one": "Åbn",
        "said": "Formål med opslaget",
        "menu": {"menu": "Hovedmenu", "more": "Mere"},
    },
    "en": {
        "match": "Matching",
        "needs": "Needs",
        "open": "Open the citizen",
        "purpose": "Matching with a volunteer or an offer",
        "section": "Needs and matches",
        "citizens": "Citizens",
        "search": "Search by name",
        "search_purpose": "Purpose when you open a citizen",
        "follow_up": "Follow-up",
        "go": "Search",
        "open_one": "Open",
        "said": "Purpose of this look-up",
        "menu": {"menu": "Main menu", "more": "More"},
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_coordinator_opens_the_citizen_from_the_need_and_from_the_search_in_two_clicks(
    page, live_server, login, axe, language
):
    from matching.tests.factories import make_need

    w = WORDS[language]
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    inger = CitizenFactory(
        first_name="Inger", last_name="Holm", core_tasks=[core_task("social-omsorg")]
    )
    make_need(citizen=inger)
    CitizenFactory(
        first_name="Inger", last_name="Sørensen", core_tasks=[core_task("social-omsorg")]
    )

    login(page, birthe)
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    follow_main_menu(page, w["match"], **w["menu"])
    page.locator(".samskab-subnav").get_by_role("link", name=w["needs"], exact=True).click()
    page.get_by_role("link", name=f"{w['open_one']} Inger Holm").click()

    # Click one: the need knows why the record is opened, so that purpose comes ticked.
    page.get_by_role("link", name=f"{w['open']} Inger Holm").click()
    expect(page.get_by_label(w["purpose"])).to_be_checked()
    axe(page)
    # Click two: the record, with what matching holds about her.
    page.get_by_role("button", name=w["open"]).click()
    expect(page.locator("h1")).to_have_text("Inger Holm")
    expect(page.locator("main")).to_contain_text(f"{w['said']}: {w['purpose']}")
    expect(page.get_by_role("heading", name=w["section"])).to_be_visible()
    axe(page)
    read = AuditEntry.objects.filter(action="citizen.read", object_id=str(inger.pk)).latest("pk")
    assert read.purpose == "matching" and read.actor == birthe

    # From the search: the purpose is said once with the search, and each "Open" carries it.
    follow_main_menu(page, w["citizens"], **w["menu"])
    page.get_by_label(w["search"]).fill("inger holm")
    page.get_by_label(w["search_purpose"]).select_option(label=w["follow_up"])
    page.get_by_role("button", name=w["go"], exact=True).click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    axe(page)
    rows.get_by_role("link", name=f"{w['open_one']} Inger Holm").click()
    expect(page.locator("h1")).to_have_text("Inger Holm")
    expect(page.locator("main")).to_contain_text(f"{w['said']}: {w['follow_up']}")
    read = AuditEntry.objects.filter(action="citizen.read", object_id=str(inger.pk)).latest("pk")
    assert read.purpose == "follow_up"
