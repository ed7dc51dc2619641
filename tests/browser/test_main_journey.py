"""Issue 12's main journey, clicked through as the people do it, in Danish and in English.

A volunteer signs up and applies; the Social Omsorg coordinator approves her, approves the one hour
entry she ticks, opens the citizen with a purpose, runs matching and accepts the proposal; both
parties say yes through the links they are mailed; the match shows their contact details; the
volunteer answers the follow-up and the coordinator ends the match with an outcome.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, coordinator, core_task
from matching.models import Match
from matching.services.follow_ups import follow_ups_remind
from tests.browser.menu import follow_main_menu
from volunteers import services
from volunteers.models import HoursEntry
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {
        "menu": {"menu": "Hovedmenu", "more": "Mere"},
        "become": "Bliv frivillig",
        "first_name": "Fornavn",
        "last_name": "Efternavn",
        "email": "E-mail",
        "password": "Vælg en adgangskode",
        "password2": "Skriv adgangskoden igen",
        "phone": "Telefonnummer",
        "visiting": "Besøgsven",
        "task": "Social Omsorg",
        "time": "Tirsdag eftermiddag",
        "postcode": "Postnummer",
        "travel": "Hvor langt vil du rejse? (km)",
        "consent": "Jeg giver lov til",
        "send_signup": "Send min tilmelding",
        "thanks_signup": "Tak for din tilmelding",
        "overview": "Frivilligoverblik",
        "new_status": "Ny status",
        "save_status": "Gem status",
        "status_changed": "Status er ændret",
        "tasks": "Frivilligopgaver",
        "apply": "Søg opgaven",
        "applied": "Din ansøgning er sendt",
        "me": "Mig som frivillig",
        "hours": "Antal timer",
        "amount": "1,5",
        "what": "Hvad lavede du?",
        "save_hours": "Gem timer",
        "shown": "1,5 timer",
        "approve_hours": "Godkend timer",
        "approve": "Godkend de valgte",
        "question": "Godkend 1 registrering for 1 frivillig?",
        "yes_approve": "Ja, godkend",
        "done": "1 registreringer er behandlet",
        "match": "Match",
        "needs": "Behov",
        "open_one": "Åbn",
        "open": "Åbn borgeren",
        "purpose": "Matchning med frivillig eller tilbud",
        "said": "Formål med opslaget",
        "find": "Find match nu",
        "see_proposals": "Se forslagene",
        "proposals": "Forslag der venter på dig",
        "accept": "Godkend",
        "phone_answer": "Registrér et svar givet i telefonen",
        "meet": "Vil du gerne mødes?",
        "yes": "Ja",
        "thanks_answer": "Tak for dit svar",
        "contacts": "Kontaktoplysninger",
        "mine": "Mine aftaler",
        "follow_up": "Svar på et par korte spørgsmål",
        "met": "2-3 gange",
        "continue": "Ja",
        "send_answers": "Send svar",
        "thanks_answers": "Tak for dine svar",
        "matches": "Aftaler",
        "outcome": "Hvordan endte det?",
        "goal": "Målet er nået",
        "end": "Afslut aftalen",
        "ended": "Matchet er afsluttet",
    },
    "en": {
        "menu": {"menu": "Main menu", "more": "More"},
        "become": "Become a volunteer",
        "first_name": "First name",
        "last_name": "Last name",
        "email": "E-mail",
        "password": "Choose a password",
        "password2": "Type the password again",
        "phone": "Phone number",
        "visiting": "Visiting friend",
        "task": "Social Care",
        "time": "Tuesday afternoon",
        "postcode": "Postcode",
        "travel": "How far will you travel? (km)",
        "consent": "I allow",
        "send_signup": "Send my sign-up",
        "thanks_signup": "Thank you for signing up",
        "overview": "Volunteer dashboard",
        "new_status": "New status",
        "save_status": "Save status",
        "status_changed": "The status is changed",
        "tasks": "Volunteer tasks",
        "apply": "Apply for the task",
        "applied": "Your application is sent",
        "me": "Me as a volunteer",
        "hours": "Hours",
        "amount": "1.5",
        "what": "What did you do?",
        "save_hours": "Save hours",
        "shown": "1.5 hours",
        "approve_hours": "Approve hours",
        "approve": "Approve selected",
        "question": "Approve 1 entry for 1 volunteer?",
        "yes_approve": "Yes, approve",
        "done": "1 entries handled",
        "match": "Matching",
        "needs": "Needs",
        "open_one": "Open",
        "open": "Open the citizen",
        "purpose": "Matching with a volunteer or an offer",
        "said": "Purpose of this look-up",
        "find": "Find matches now",
        "see_proposals": "See the proposals",
        "proposals": "Proposals waiting for you",
        "accept": "Approve",
        "phone_answer": "Record an answer given on the phone",
        "meet": "Would you like to meet?",
        "yes": "Yes",
        "thanks_answer": "Thank you for your answer",
        "contacts": "Contact details",
        "mine": "My arrangements",
        "follow_up": "Answer a few short questions",
        "met": "2-3 times",
        "continue": "Yes",
        "send_answers": "Send answers",
        "thanks_answers": "Thank you for your answers",
        "matches": "Arrangements",
        "outcome": "How did it end?",
        "goal": "The goal is reached",
        "end": "End the arrangement",
        "ended": "The match has ended",
    },
}


def _home(page, live_server, language):
    """The home page, in the person's language chosen with the header's button."""
    page.goto(live_server.url + "/")
    if language == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()


def _mailed_link(address: str, pattern: str) -> str:
    """The path of the link in the newest mail to this address that has one like it."""
    for message in reversed(mail.outbox):
        found = re.search(rf"https?://[^/\s]+({pattern})", message.body)
        if message.to == [address] and found:
            return found.group(1)
    raise AssertionError(f"no mail to {address} with a link like {pattern}")


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_volunteer_signs_up_and_is_matched_with_a_citizen_who_both_say_yes_and_it_ends_well(
    page, new_page, live_server, login, axe, language
):
    from matching.tests.factories import TUESDAY_AFTERNOON, make_need

    w = WORDS[language]
    task = core_task("social-omsorg")
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    inger = CitizenFactory(
        first_name="Inger",
        last_name="Holm",
        phone="11112222",
        email="inger@example.dk",
        core_tasks=[task],
    )
    make_need(citizen=inger, availability=TUESDAY_AFTERNOON)
    OpportunityFactory(title="Kaffe på plejecentret", core_task=task)
    other_entry = services.hours_log(
        volunteer=VolunteerFactory(),
        worked_on=timezone.localdate() - timedelta(days=3),
        duration_min=120,
        core_task=task,
    )

    # The volunteer signs up from the home page and confirms her address from the mail.
    _home(page, live_server, language)
    page.get_by_role("link", name=w["become"], exact=True).click()
    expect(page.locator("h1")).to_have_text(w["become"])
    page.get_by_label(w["first_name"]).fill("Grethe")
    page.get_by_label(w["last_name"]).fill("Hansen")
    page.get_by_label(w["email"], exact=True).fill("grethe@example.dk")
    page.get_by_label(w["password"]).fill("En-god-adgangskode-42")
    page.get_by_label(w["password2"]).fill("En-god-adgangskode-42")
    page.get_by_label(w["phone"]).fill("21 43 65 87")
    page.get_by_label(w["visiting"]).check()
    page.get_by_label(w["task"]).check()
    page.get_by_label(w["time"]).check()
    page.get_by_label(w["postcode"]).fill("8722")
    page.get_by_label(w["travel"]).fill("20")
    page.get_by_label(w["consent"], exact=False).check()
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name=w["send_signup"]).click()
    expect(page.locator("main")).to_contain_text(w["thanks_signup"])
    axe(page)
    page.goto(live_server.url + _mailed_link("grethe@example.dk", r"/accounts/confirm-email/\S+"))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_count(1)
    axe(page)

    # The coordinator finds her on the dashboard, talks with her and approves her.
    staff = new_page()
    login(staff, birthe)
    _home(staff, live_server, language)
    follow_main_menu(staff, w["overview"], **w["menu"])
    staff.get_by_role("link", name="Grethe Hansen").first.click()
    axe(staff)
    for step in ("talk", "approved"):  # the talk comes before the approval
        staff.get_by_label(w["new_status"]).select_option(step)
        with staff.expect_navigation():
            staff.get_by_role("button", name=w["save_status"]).click()
        expect(staff.locator("main")).to_contain_text(w["status_changed"])
    axe(staff)

    # The volunteer applies to a task, then logs 1,5 hours from her own page.
    follow_main_menu(page, w["tasks"], **w["menu"])
    axe(page)
    page.get_by_role("link", name="Kaffe på plejecentret").click()
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name=w["apply"]).click()
    expect(page.locator("main")).to_contain_text(w["applied"])
    follow_main_menu(page, w["me"], **w["menu"])
    page.get_by_label(w["hours"], exact=True).fill(w["amount"])
    page.locator("#id_core_task").select_option(str(task.pk))
    page.get_by_label(w["what"]).fill("Kaffe og kage")
    with page.expect_navigation():
        page.get_by_role("button", name=w["save_hours"]).click()
    row = page.get_by_role("row").filter(has_text="Kaffe og kage")
    expect(row.get_by_role("cell", name=w["shown"], exact=True)).to_have_count(1)
    axe(page)

    # The coordinator approves only the entry she ticks; the other volunteer's stays pending.
    follow_main_menu(staff, w["overview"], **w["menu"])
    staff.get_by_role("link", name=w["approve_hours"], exact=True).click()
    expect(staff.locator("input[name=entries]")).to_have_count(2)
    expect(staff.locator("input[name=entries]:checked")).to_have_count(0)
    axe(staff)
    staff.get_by_role("row").filter(has_text="Kaffe og kage").get_by_role("checkbox").check()
    staff.get_by_role("button", name=w["approve"]).click()
    expect(staff.locator("h1")).to_have_text(w["question"])
    axe(staff)
    staff.get_by_role("button", name=w["yes_approve"]).click()
    expect(staff.locator("main")).to_contain_text(w["done"])
    assert HoursEntry.objects.get(description="Kaffe og kage").status == "approved"
    assert HoursEntry.objects.get(pk=other_entry.pk).status == "pending"

    # She opens the citizen from the need, with the purpose asked once, and the read is audited.
    follow_main_menu(staff, w["match"], **w["menu"])
    staff.locator(".samskab-subnav").get_by_role("link", name=w["needs"], exact=True).click()
    axe(staff)
    staff.get_by_role("link", name=f"{w['open_one']} Inger Holm").click()
    axe(staff)
    staff.get_by_role("link", name=f"{w['open']} Inger Holm").click()
    expect(staff.get_by_label(w["purpose"])).to_be_checked()
    axe(staff)
    staff.get_by_role("button", name=w["open"]).click()
    expect(staff.locator("h1")).to_have_text("Inger Holm")
    expect(staff.locator("main")).to_contain_text(f"{w['said']}: {w['purpose']}")
    axe(staff)
    read = AuditEntry.objects.filter(action="citizen.read", object_id=str(inger.pk)).latest("pk")
    assert read.purpose == "matching" and read.actor == birthe

    # She runs matching and accepts the proposal: nobody's contact details are shown yet.
    follow_main_menu(staff, w["match"], **w["menu"])
    axe(staff)
    with staff.expect_navigation():
        staff.get_by_role("button", name=w["find"]).click()
    # The run works in the background; its page follows it and links to the proposals when done.
    axe(staff)
    staff.get_by_role("link", name=w["see_proposals"]).click()
    expect(staff.locator("h1")).to_have_text(w["proposals"])
    axe(staff)
    with staff.expect_navigation():
        staff.get_by_role("button", name=f"{w['accept']} Inger Holm").click()
    expect(staff.get_by_role("heading", name=w["phone_answer"])).to_be_visible()
    expect(staff.locator("main")).not_to_contain_text("21 43 65 87")
    expect(staff.locator("main")).not_to_contain_text("21436587")
    axe(staff)
    match = Match.objects.get(need__citizen=inger)

    # Both say yes through the links they were mailed: the question first, the button acts.
    citizen = new_page()
    _home(citizen, live_server, language)
    for party, address in ((page, "grethe@example.dk"), (citizen, "inger@example.dk")):
        party.goto(live_server.url + _mailed_link(address, r"/match/svar/\S+/"))
        expect(party.locator("h1")).to_have_text(w["meet"])
        expect(party.locator("main")).not_to_contain_text("11112222")
        axe(party)
        with party.expect_navigation():
            party.get_by_role("button", name=w["yes"], exact=True).click()
        expect(party.locator("main")).to_contain_text(w["thanks_answer"])
        axe(party)
    # The second yes made the match active: Inger sees Grethe's phone and e-mail at once.
    expect(citizen.locator("main")).to_contain_text("grethe@example.dk")
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE

    staff.reload()
    expect(staff.get_by_role("heading", name=w["contacts"])).to_be_visible()
    for text in ("Inger", "11112222", "inger@example.dk", "Grethe", "grethe@example.dk"):
        expect(staff.locator("main")).to_contain_text(text)
    axe(staff)

    # Two weeks on, the daily job reminds them; the volunteer answers from "Mine aftaler".
    follow_ups_remind(today=timezone.localdate() + timedelta(days=15))
    follow_main_menu(page, w["mine"], **w["menu"])
    expect(page.locator("main")).to_contain_text("11112222")
    axe(page)
    page.get_by_role("link", name=w["follow_up"]).click()
    # Wait for the form itself: no radio is ticked on the page she came from either.
    expect(page.get_by_label(w["met"])).to_be_visible()
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    axe(page)
    page.get_by_label(w["met"]).check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label(w["continue"], exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name=w["send_answers"]).click()
    expect(page.locator("main")).to_contain_text(w["thanks_answers"])

    # The coordinator reads the answer on the match and ends it with an outcome.
    follow_main_menu(staff, w["match"], **w["menu"])
    staff.locator(".samskab-subnav").get_by_role("link", name=w["matches"], exact=True).click()
    axe(staff)
    staff.get_by_role("link", name=re.compile("Inger")).first.click()
    expect(staff.locator("main")).to_contain_text("4/5")
    staff.get_by_label(w["outcome"]).select_option(label=w["goal"])
    with staff.expect_navigation():
        staff.get_by_role("button", name=w["end"]).click()
    expect(staff.locator("main")).to_contain_text(w["ended"])
    expect(staff.locator("main")).to_contain_text(w["goal"])
    axe(staff)
    match.refresh_from_db()
    assert match.outcome == Match.Outcome.GOAL_REACHED
