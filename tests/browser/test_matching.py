"""Browser journey of the matching module, with axe scans of its pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from community.models import Role
from community.tests.factories import UserFactory, coordinator, with_role
from matching.models import Match, Proposal
from tests.browser.menu import follow_main_menu, open_in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_runs_matching_reads_the_reasons_accepts_and_the_volunteer_consents(
    page, new_page, live_server, login, axe
):
    from matching.tests.factories import make_need, make_volunteer

    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    need = make_need()
    karin = make_volunteer(
        km_north=1.2, user=UserFactory(email="karin@example.dk", first_name="Karin")
    )

    login(page, birthe)
    page.goto(live_server.url + reverse("matching:overview"))
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Find match nu").click()
    # The run works in the background; its page shows when it is done.
    page.get_by_role("link", name="Se forslagene").click()
    expect(page.locator("h1")).to_have_text("Forslag der venter på dig")
    card = page.locator("section.samskab-card").first
    assert "bor 1,2 km fra hinanden" in card.inner_text()
    assert "kan begge tirsdag eftermiddag" in card.inner_text()
    assert "interesserer sig begge for havearbejde" in card.inner_text()
    axe(page)
    with page.expect_navigation():
        card.get_by_role("button", name="Godkend").click()
    match = Match.objects.get(need=need)
    assert page.url.endswith(reverse("matching:match-detail", args=[match.pk]))
    axe(page)
    # The citizen said yes on the phone: the coordinator records it.
    page.get_by_label("Borgeren", exact=True).check()
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Note om samtalen").fill("Ringede i formiddags")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem svaret").click()
    assert "Svaret er gemt" in page.content()

    volunteer_page = new_page()
    login(volunteer_page, karin.user)
    volunteer_page.goto(live_server.url + reverse("matching:mine"))
    assert "Vil du gerne mødes?" in volunteer_page.content()
    axe(volunteer_page)
    with volunteer_page.expect_navigation():
        volunteer_page.get_by_role("button", name="Ja, gerne").click()
    assert "Tak for dit svar" in volunteer_page.content()
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    assert Proposal.objects.get(pk=match.proposal_id).status == Proposal.Status.ACCEPTED


def _mailed_link(address: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return re.search(r"https?://\S+(/match/svar/\S+/)", message.body).group(1)


def test_the_coordinator_accepts_from_the_queue_and_both_parties_say_yes_by_their_mailed_links(
    page, new_page, live_server, login, axe
):
    from community.tests.factories import CitizenFactory, core_task
    from matching.tests.factories import make_need, make_volunteer, run

    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    inger = CitizenFactory(
        first_name="Inger",
        last_name="Holm",
        phone="11112222",
        email="inger@example.dk",
        core_tasks=[core_task("social-omsorg")],
    )
    make_need(citizen=inger)
    make_volunteer(user=UserFactory(email="karin@example.dk", first_name="Karin", phone="33334444"))
    run(birthe)

    login(page, birthe)
    page.goto(live_server.url + "/")
    follow_main_menu(page, "Match")
    page.locator(".samskab-subnav").get_by_role("link", name="Forslag", exact=True).click()
    expect(page.locator("h1")).to_have_text("Forslag der venter på dig")
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Godkend Inger Holm").click()
    match = Match.objects.get(need__citizen=inger)
    assert page.url.endswith(reverse("matching:match-detail", args=[match.pk]))
    expect(page.get_by_role("heading", name="Registrér et svar givet i telefonen")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("33334444")
    axe(page)

    for address, other_phone in (
        ("karin@example.dk", "11112222"),
        ("inger@example.dk", "33334444"),
    ):
        party = new_page()
        party.goto(live_server.url + _mailed_link(address))
        expect(party.locator("h1")).to_have_text("Vil du gerne mødes?")
        expect(party.locator("main")).not_to_contain_text(other_phone)
        axe(party)
        with party.expect_navigation():
            party.get_by_role("button", name="Ja", exact=True).click()
        expect(party.locator("main")).to_contain_text("Tak for dit svar")
        axe(party)
    # The second yes made the match active: Inger sees Karin's details at once.
    expect(party.locator("main")).to_contain_text("33334444")
    expect(party.locator("main")).to_contain_text("karin@example.dk")
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE

    page.reload()
    contacts = page.locator("main")
    expect(page.get_by_role("heading", name="Kontaktoplysninger")).to_be_visible()
    for text in ("Inger", "11112222", "inger@example.dk", "Karin", "33334444", "karin@example.dk"):
        expect(contacts).to_contain_text(text)
    axe(page)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(
    "name",
    ["matching:need-list", "matching:need-create", "matching:figures", "matching:proposal-list"],
)
def test_coordinator_pages_have_no_serious_accessibility_problems(
    page, live_server, login, axe, name, language
):
    from matching.tests.factories import make_need

    make_need()
    login(page, coordinator("social-omsorg"))
    open_in_language(page, live_server.url + reverse(name), language)
    axe(page)


def test_the_citizens_request_form_is_accessible_and_shows_errors_by_the_fields(
    page, live_server, login, axe
):
    inger = with_role(UserFactory(first_name="Inger"), Role.Kind.CITIZEN)
    login(page, inger)
    page.goto(live_server.url + reverse("matching:need-request"))
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send mit ønske").click()
    assert page.locator(".form-error-message").count() >= 3
    axe(page)


def test_a_coordinator_rejects_stays_in_the_queue_and_picks_an_alternative_with_a_meeting_place(
    page, live_server, login, axe
):
    from community.tests.factories import CitizenFactory, core_task
    from maps.models import Facility, Layer
    from matching.tests.factories import make_need, make_volunteer, point, run

    trails = Layer.objects.get_or_create(slug="trails", defaults={"name_da": "Stier og ruter"})[0]
    Facility.objects.create(
        name="Naturstien ved Hedensted",
        layer=trails,
        wheelchair=True,
        geometry={"type": "Point", "coordinates": [9.7011, 55.7760]},
    )
    task = core_task("social-omsorg")
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    make_need(
        km_north=40,
        citizen=CitizenFactory(
            first_name="Inger", last_name="Holm", core_tasks=[task], **point(40)
        ),
    )
    make_volunteer(km_north=40.5)
    make_need(citizen=CitizenFactory(first_name="Ole", last_name="Berg", core_tasks=[task]))
    make_volunteer(km_north=0.5)
    make_volunteer(km_north=3, user=UserFactory(first_name="Karin", last_name="Dam"))
    run(birthe)

    login(page, birthe)
    page.goto(live_server.url + "/")
    follow_main_menu(page, "Match")
    page.locator(".samskab-subnav").get_by_role("link", name="Forslag", exact=True).click()
    expect(page.locator("h1")).to_have_text("Forslag der venter på dig")
    page.get_by_label("Kerneopgave").select_option(str(task.pk))
    page.get_by_role("button", name="Vis", exact=True).click()
    axe(page)

    inger = page.locator("section.samskab-card", has_text="Inger Holm")
    inger.get_by_label("Begrundelse for at afvise").fill("Kender hinanden privat")
    with page.expect_navigation():
        inger.get_by_role("button", name="Afvis Inger Holm").click()
    expect(page.locator("h1")).to_have_text("Forslag der venter på dig")
    assert f"core_task={task.pk}" in page.url
    expect(page.locator("main")).to_contain_text("Forslaget er afvist")
    expect(page.locator("section.samskab-card", has_text="Inger Holm")).to_have_count(0)
    axe(page)

    ole = page.locator("section.samskab-card", has_text="Ole Berg")
    expect(ole.get_by_role("group", name="Vælg et alternativ")).to_be_visible()
    ole.get_by_label("Begrundelse for at afvise").fill("Hun ønsker en anden")
    ole.get_by_label("Karin Dam").check()
    with page.expect_navigation():
        ole.get_by_role("button", name="Afvis Ole Berg").click()
    expect(page.locator("main")).to_contain_text("alternativet venter nu på din godkendelse")
    ole = page.locator("section.samskab-card", has_text="Ole Berg")
    expect(ole).to_contain_text("Karin Dam")
    expect(ole).to_contain_text("Forslag til mødested: Udendørs: Naturstien ved Hedensted")
    axe(page)
    assert Proposal.objects.get(status=Proposal.Status.PENDING).volunteer.user.first_name == "Karin"
