"""Citizens' ways in, clicked through: a visitor without an account asks for a visiting friend, the
coordinator finds the call-back in her queue, and a coordinator takes a phone call (search, then create)."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from community.models import Citizen
from community.tests.factories import CitizenFactory, coordinator, core_task
from matching.models import Need
from tests.browser.menu import dkfds_ready, follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_without_an_account_asks_and_the_coordinator_finds_the_call_back(
    page, new_page, live_server, login, axe
):
    birthe = coordinator("social-omsorg", email="birthe@example.dk")

    page.goto(live_server.url + "/")
    axe(page)
    page.get_by_role("link", name="Bed om en at være sammen med").first.click()
    expect(page.locator("h1")).to_have_text("Bed om en at være sammen med")
    expect(page.locator("main")).to_contain_text("Du behøver ikke en konto")
    axe(page)

    # A Copenhagen postcode is refused with a reason, not saved.
    page.get_by_label("Dit navn").fill("Inger Holm")
    page.get_by_label("Telefonnummer").fill("22 33 44 55")
    page.get_by_label("En besøgsven, der kommer forbi og får en snak").check()
    page.get_by_label("Postnummer").fill("2100")
    page.get_by_label("Fortæl kort, hvad du håber på").fill("En at drikke kaffe med om tirsdagen")
    page.get_by_label("Jeg siger ja til").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send mit ønske").click()
    expect(page.locator("main")).to_contain_text(
        "Postnummeret 2100 ligger ikke i Hedensted Kommune"
    )
    assert not Need.objects.exists()
    axe(page)

    page.get_by_label("Postnummer").fill("8722")
    with page.expect_navigation():
        page.get_by_role("button", name="Send mit ønske").click()
    expect(page.locator("h1")).to_have_text("Tak, vi har fået dit ønske")
    expect(page.locator("main")).to_contain_text("ringer dig op")
    axe(page)
    need = Need.objects.get()
    assert need.call_back and need.citizen.phone == "22334455"

    coordinator_page = new_page()
    login(coordinator_page, birthe)
    coordinator_page.goto(live_server.url + "/")
    follow_main_menu(coordinator_page, "Match")
    queue = coordinator_page.get_by_role("region", name="Skal ringes op")
    expect(queue).to_contain_text("Inger Holm")
    expect(queue).to_contain_text("22334455")
    axe(coordinator_page)
    queue.get_by_role("link", name="Besøgsven Inger Holm").click()
    expect(coordinator_page.locator("main")).to_contain_text("22334455")
    expect(coordinator_page.locator("main")).to_contain_text("En at drikke kaffe med")
    axe(coordinator_page)
    with coordinator_page.expect_navigation():
        coordinator_page.get_by_role(
            "button", name="Jeg har talt med borgeren: godkend ønsket"
        ).click()
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN and not need.call_back


def test_a_coordinator_takes_a_phone_call_searching_before_creating(page, live_server, login, axe):
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    CitizenFactory(
        first_name="Karen",
        last_name="Holm",
        phone="40506070",
        core_tasks=[core_task("social-omsorg")],
    )

    login(page, birthe)
    page.goto(live_server.url + "/")
    follow_main_menu(page, "Match")
    dkfds_ready(page)
    page.locator(".samskab-subnav").get_by_role("link", name="Tag imod et opkald").click()
    expect(page.locator("h1")).to_have_text("Tag imod et opkald")
    axe(page)

    # The caller is not Karen Holm: the search shows who is there, then she creates a new one.
    page.get_by_label("Navn eller telefonnummer").fill("Holm")
    with page.expect_navigation():
        page.get_by_role("button", name="Søg", exact=True).click()
    expect(page.get_by_role("region", name="Borgere der passer")).to_contain_text("Karen Holm")
    axe(page)
    page.get_by_role("link", name="Opret en ny borger").click()
    page.get_by_label("Fornavn").fill("Ejnar")
    page.get_by_label("Efternavn").fill("Holm")
    page.get_by_label("Telefon", exact=True).fill("30 40 50 60")
    page.get_by_label("Postnummer").fill("7130")
    page.get_by_label("Hvad ønsker borgeren?").select_option("meal_buddy")
    page.get_by_label("Tirsdag aften").check()
    page.get_by_label("Borgeren har givet samtykke").check()
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Gem borger og behov").click()
    expect(page.locator("main")).to_contain_text("Borgeren og behovet er gemt")
    expect(page.locator("main")).to_contain_text("30405060")
    expect(page.locator("main")).to_contain_text("Tirsdag 17:00–21:00")
    axe(page)
    ejnar = Citizen.objects.get(first_name="Ejnar")
    need = Need.objects.get(citizen=ejnar)
    assert (need.source, need.status, ejnar.city) == ("phone", "open", "Juelsminde")

    # Next time Ejnar calls, the search finds him by his number and only the need is asked for.
    page.locator(".samskab-subnav").get_by_role("link", name="Tag imod et opkald").click()
    page.get_by_label("Navn eller telefonnummer").fill("30405060")
    with page.expect_navigation():
        page.get_by_role("button", name="Søg", exact=True).click()
    page.get_by_role("link", name="Vælg Ejnar Holm").click()
    expect(page.get_by_role("heading", name="Nyt behov for Ejnar Holm")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Borgeren har allerede åbne ønsker")
    axe(page)
