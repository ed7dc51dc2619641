"""A local-council member's journey in a real browser: her area's page and map, the printable report,
editing the council and inviting a new member, who is shown only once she has said yes."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bookings.models import Building, Room
from community.models import Role
from community.tests.factories import (
    TEST_PASSWORD,
    LocalAreaFactory,
    LocalCouncilFactory,
    council_member,
)
from localareas.services import council_member_add
from tests.browser.menu import dkfds_ready, follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {
        "menu": "Lokalområder",
        "nav": {},
        "inhabitants": "Indbyggere",
        "per_1000": "Frivillige pr. 1.000 indbyggere",
        "big_map": "Stort kort over udeliv i Juelsminde",
        "shelters": "Shelterpladser",
        "six": "6 steder på kortet",
        "one": "1 sted på kortet",
        "report": "Rapport til politikerne (kan udskrives)",
        "compared": "Frivillige",
        "print": "Udskriv",
        "edit": "Rediger Juelsminde Lokalråd",
        "about": "Om lokalrådet",
        "save": "Gem",
        "saved": "Lokalrådets side er gemt.",
        "invite_email": "E-mail på det nye medlem",
        "invite_title": "Titel (valgfrit)",
        "invite": "Send invitation",
        "invited": "Vi har sendt en invitation til ole@example.dk",
        "withdraw": "Træk tilbage ole@example.dk",
        "members": "Medlemmer",
    },
    "en": {
        "menu": "Local areas",
        "nav": {"menu": "Main menu", "more": "More"},
        "inhabitants": "Inhabitants",
        "per_1000": "Volunteers per 1,000 inhabitants",
        "big_map": "Large outdoor map of Juelsminde",
        "shelters": "Shelters",
        "six": "6 places on the map",
        "one": "1 place on the map",
        "report": "Report for the politicians (printable)",
        "compared": "Volunteers",
        "print": "Print",
        "edit": "Edit Juelsminde Lokalråd",
        "about": "About the local council",
        "save": "Save",
        "saved": "The local council's page is saved.",
        "invite_email": "E-mail of the new member",
        "invite_title": "Title (optional)",
        "invite": "Send invitation",
        "invited": "We have sent an invitation to ole@example.dk",
        "withdraw": "Withdraw ole@example.dk",
        "members": "Members",
    },
}


@pytest.fixture
def juelsminde(db):
    """Juelsminde with its council (Hanne), five shelters and a trail, a hall, and three volunteers."""
    from localareas import lookup
    from maps.models import Facility, Layer
    from maps.services import layers_seed
    from matching.tests.factories import make_volunteer
    from volunteers.models import Volunteer

    # The point-to-area tree is kept per process by version; a cleared cache restarts the version.
    lookup._state.update(version=None, tree=None, ids=[])
    layers_seed()
    area = LocalAreaFactory(
        name="Juelsminde", slug="juelsminde", population=4100, lon=9.99, lat=55.70
    )
    council = LocalCouncilFactory(name="Juelsminde Lokalråd", areas=[area])
    hanne = council_member(council, email="hanne@example.dk", first_name="Hanne", last_name="Holm")
    shelters, trails = Layer.objects.get(slug="shelters"), Layer.objects.get(slug="trails")
    for i in range(5):
        Facility(
            name=f"Shelter {i}",
            layer=shelters,
            geometry={"type": "Point", "coordinates": [9.995 + i * 0.002, 55.705 + i * 0.002]},
        ).save()
    Facility(
        name="Kyststien",
        layer=trails,
        geometry={"type": "LineString", "coordinates": [[9.992, 55.702], [10.005, 55.715]]},
    ).save()
    building = Building.objects.create(
        name="Juelsminde Hallen", street="Hallvej 1", lat=55.705, lon=10.0, local_area=area
    )
    Room.objects.create(building=building, name="Cafeen", capacity=30)
    for status in ("active", "active", "approved"):
        Volunteer.objects.filter(pk=make_volunteer(status=status).pk).update(local_area=area)
    return {"area": area, "council": council, "hanne": hanne}


def figure(page, label: str) -> str:
    return page.locator(f'.samskab-figures dt:text-is("{label}") + dd').inner_text()


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_council_member_browses_her_area_prints_the_report_and_invites_a_new_member(
    page, live_server, login, axe, juelsminde, language
):
    w = WORDS[language]
    council = juelsminde["council"]
    login(page, juelsminde["hanne"])
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    follow_main_menu(page, w["menu"], **w["nav"])
    page.wait_for_load_state()
    axe(page)
    page.get_by_role("link", name="Juelsminde", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Juelsminde"
    assert page.locator("html").get_attribute("lang") == language
    assert figure(page, w["inhabitants"]) == {"da": "4.100", "en": "4,100"}[language]
    # 3 volunteers for 4,100 inhabitants: 0.73 per 1,000, shown with one decimal.
    per_1000 = figure(page, w["per_1000"])
    assert per_1000 == {"da": "0,7", "en": "0.7"}[language]
    frame = page.frame_locator("iframe.samskab-area-map")
    frame.locator("[data-places-loaded=true]").wait_for()
    assert frame.locator(".samskab-marker, .marker-cluster").count() >= 1
    axe(page)

    # Her area's big map: switching the shelters off and on again, the count follows.
    page.get_by_role("link", name=w["big_map"]).click()
    page.locator("[data-loaded=true]").wait_for()
    status = page.locator("[data-map-status]").first
    expect(status).to_have_text(w["six"])
    shelters = page.get_by_role("checkbox", name=re.compile(w["shelters"] + r" \(5\)"))
    expect(shelters).to_be_checked()
    axe(page)
    page.get_by_text(re.compile(w["shelters"] + r" \(5\)")).click()
    expect(shelters).not_to_be_checked()
    expect(status).to_have_text(w["one"])
    page.get_by_text(re.compile(w["shelters"] + r" \(5\)")).click()
    expect(shelters).to_be_checked()
    expect(status).to_have_text(w["six"])
    page.go_back()
    page.wait_for_load_state()

    # The report for the politicians shows the page's figure, and its button prints it.
    page.get_by_role("link", name=w["report"]).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Juelsminde"
    compared = page.locator("[aria-labelledby=r-compare] tbody tr", has_text=w["compared"]).locator(
        "td"
    )
    assert compared.first.inner_text() == per_1000
    axe(page)
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name=w["print"]).click()
    assert page.evaluate("() => window.printed") == 1
    assert page.evaluate(
        """() => [...document.styleSheets].some(sheet => [...sheet.cssRules].some(
            rule => rule instanceof CSSMediaRule && rule.media.mediaText === 'print'))"""
    )
    page.emulate_media(media="print")
    assert not page.locator("header.header").is_visible()
    assert not page.get_by_role("button", name=w["print"]).is_visible()
    assert page.locator("h1").is_visible()
    page.emulate_media(media="screen")
    page.go_back()
    page.wait_for_load_state()

    page.get_by_role("link", name=w["edit"]).click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label(w["about"]).fill("Vi arbejder for havnen og stierne.")
    page.get_by_role("button", name=w["save"], exact=True).click()
    page.wait_for_load_state()
    assert "Vi arbejder for havnen og stierne." in page.content()
    expect(page.locator(".samskab-messages .alert-success")).to_have_text(w["saved"])

    # Hanne invites Ole, who has no account yet; he is shown on the area page only once he said yes.
    page.get_by_role("link", name=w["edit"]).click()
    page.wait_for_load_state()
    expect(page.locator(".samskab-messages .alert-success")).to_have_count(
        0
    )  # shown once, gone on the next page
    page.get_by_label(w["invite_email"]).fill("ole@example.dk")
    page.get_by_label(w["invite_title"]).select_option("kasserer")
    page.get_by_role("button", name=w["invite"]).click()
    page.wait_for_load_state()
    expect(page.locator(".samskab-messages .alert-success")).to_contain_text(w["invited"])
    expect(page.get_by_role("button", name=w["withdraw"])).to_be_visible()
    axe(page)
    assert [m.to for m in mail.outbox] == [["ole@example.dk"]]
    invitation = mail.outbox[-1]
    assert "Juelsminde Lokalråd" in invitation.subject
    link = re.search(r"https?://\S+/invitation/\S+/", invitation.body).group(0)
    assert not Role.objects.filter(council=council, user__email="ole@example.dk").exists()

    page.context.clear_cookies()
    page.goto(live_server.url)
    follow_main_menu(page, "Lokalområder")
    page.get_by_role("link", name="Juelsminde", exact=True).click()
    page.wait_for_load_state()
    assert "Ole" not in page.locator("main").inner_text()

    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    assert page.locator("h1").inner_text() == "Vil du være medlem af Juelsminde Lokalråd?"
    axe(page)
    page.get_by_role("link", name="Opret en konto").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Fornavn").fill("Ole")
    page.get_by_label("Efternavn").fill("Hansen")
    page.get_by_label("E-mail").fill("ole@example.dk")
    page.get_by_label("Adgangskode", exact=True).fill(TEST_PASSWORD)
    page.get_by_label("Adgangskode (igen)").fill(TEST_PASSWORD)
    page.get_by_label("Jeg har læst, hvordan kommunen passer på mine oplysninger.").check()
    page.get_by_role("button", name="Opret konto").click()
    page.wait_for_load_state()
    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", confirm))
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Vil du være medlem af Juelsminde Lokalråd?"
    assert not Role.objects.filter(council=council, user__email="ole@example.dk").exists()
    axe(page)
    page.get_by_role("button", name="Ja, jeg vil være medlem").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Juelsminde"
    assert "Ole Hansen (kasserer)" in page.locator("main").inner_text()
    axe(page)
    assert Role.objects.filter(
        council=council, user__email="ole@example.dk", title="kasserer"
    ).exists()

    # Anyone now sees him among the members.
    page.context.clear_cookies()
    page.reload()
    assert "Ole Hansen (kasserer)" in page.locator("main").inner_text()


@pytest.mark.parametrize("language", ["da", "en"])
def test_on_a_phone_the_area_page_its_report_and_the_council_page_fit_the_screen(
    page, live_server, login, axe, juelsminde, language
):
    council = juelsminde["council"]
    council_member_add(council=council, email="ole@example.dk", title="", actor=juelsminde["hanne"])
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, juelsminde["hanne"])
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    dkfds_ready(page)
    page.get_by_role("button", name="Menu", exact=True).click()
    drawer = page.get_by_role("dialog", name="Menu")
    drawer.get_by_role("link", name=WORDS[language]["menu"], exact=True).click()
    page.get_by_role("link", name="Juelsminde", exact=True).click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name=WORDS[language]["report"]).click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    axe(page)
    page.go_back()
    page.get_by_role("link", name=WORDS[language]["edit"]).click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    axe(page)
