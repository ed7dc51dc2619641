"""The volunteer journey in Danish, in a real browser: sign up, get approved, apply, log hours, get them approved."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from community.tests.factories import coordinator
from volunteers.models import Application, HoursEntry, Volunteer
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_signs_up_is_approved_applies_and_gets_her_hours_approved(
    page, new_page, live_server, login
):
    alice = coordinator("social-omsorg", email="alice@example.dk")
    OpportunityFactory(title="Kaffe på plejecentret", places=1)

    # 1. A visitor signs up in one flow: account and profile.
    page.goto(live_server.url + reverse("volunteers:signup"))
    assert page.locator("h1").inner_text() == "Bliv frivillig"
    page.get_by_label("Fornavn").fill("Grethe")
    page.get_by_label("Efternavn").fill("Hansen")
    page.get_by_label("E-mail").fill("grethe@example.dk")
    page.get_by_label("Vælg en adgangskode").fill("En-god-adgangskode-42")
    page.get_by_label("Skriv adgangskoden igen").fill("En-god-adgangskode-42")
    page.get_by_label("Telefonnummer").fill("21 43 65 87")
    page.get_by_label("Besøgsven").check()
    page.get_by_label("Social Omsorg").check()
    page.get_by_label("Mandag formiddag").check()
    page.get_by_label("Postnummer").fill("8722")
    page.get_by_label("Jeg giver lov til", exact=False).check()
    page.get_by_role("button", name="Send min tilmelding").click()
    page.wait_for_load_state()
    assert "Tak for din tilmelding" in page.content()
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + link[link.index("/accounts/") :])
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    grethe = Volunteer.objects.get(user__email="grethe@example.dk")
    assert grethe.status == "applied"
    assert grethe.user.emailaddress_set.get().verified
    # Confirming in the same browser logs her straight in on her own volunteer page.
    assert page.url.endswith(reverse("volunteers:mine"))
    assert "Log ud" in page.locator("header").inner_text()

    # 2. The coordinator sees her as a new applicant and approves her.
    staff = new_page()
    login(staff, alice)
    staff.goto(live_server.url + reverse("volunteers:dashboard"))
    staff.get_by_role("link", name="Grethe Hansen").first.click()
    for step in ("talk", "approved"):  # the talk comes before the approval
        staff.get_by_label("Ny status").select_option(step)
        staff.get_by_role("button", name="Gem status").click()
        staff.wait_for_load_state()
        assert "Status er ændret" in staff.content()

    # 3. The volunteer applies to an opportunity.
    page.goto(live_server.url + reverse("volunteers:opportunity-list"))
    page.get_by_role("link", name="Kaffe på plejecentret").click()
    page.get_by_role("button", name="Søg opgaven").click()
    page.wait_for_load_state()
    assert "Din ansøgning er sendt" in page.content()

    # 4. The coordinator approves the application.
    staff.goto(live_server.url + reverse("volunteers:opportunity-mine"))
    staff.get_by_role("link", name="Kaffe på plejecentret").click()
    staff.get_by_role("button", name="Godkend Grethe Hansen").click()
    staff.wait_for_load_state()
    assert Application.objects.get().status == "approved"

    # 5. The volunteer logs her hours on the opportunity.
    page.goto(live_server.url + reverse("volunteers:mine"))
    page.get_by_label("Antal timer").fill("2,5")
    page.locator("#id_opportunity").select_option(label="Kaffe på plejecentret")
    page.locator("#id_description").fill("Kaffe og snak")
    page.get_by_role("button", name="Gem timer").click()
    page.wait_for_load_state()
    assert "Dine timer er skrevet" in page.content()
    assert HoursEntry.objects.get().duration_min == 150

    # 6. The coordinator ticks the hours, approves them and confirms.
    staff.goto(live_server.url + reverse("volunteers:hours-approve"))
    staff.get_by_role("checkbox").check()
    staff.get_by_role("button", name="Godkend de valgte").click()
    expect(staff.locator("h1")).to_have_text("Godkend 1 registrering for 1 frivillig?")
    assert HoursEntry.objects.get().status == "pending"
    staff.get_by_role("button", name="Ja, godkend").click()
    staff.wait_for_load_state()
    assert HoursEntry.objects.get().status == "approved"


@pytest.mark.parametrize("which", ["signup", "opportunities", "dashboard"])
def test_volunteer_pages_have_no_serious_accessibility_problems(
    page, live_server, login, axe, which
):
    OpportunityFactory(title="Sommerfest", starts_at=timezone.now() + timedelta(days=2))
    if which == "dashboard":
        VolunteerFactory.create_batch(3, status="applied")
        login(page, coordinator("social-omsorg", email="bo@example.dk"))
    url = {
        "signup": "volunteers:signup",
        "opportunities": "volunteers:opportunity-list",
        "dashboard": "volunteers:dashboard",
    }[which]
    page.goto(live_server.url + reverse(url))
    assert page.locator("h1").count() == 1
    axe(page)


def test_the_sign_up_speaks_english_on_request_without_accessibility_problems(
    page, live_server, axe
):
    page.goto(live_server.url + reverse("community:home"))
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("volunteers:signup"))
    assert page.locator("h1").inner_text() == "Become a volunteer"
    assert "What would you like to do?" in page.content()
    axe(page)


def test_a_coordinator_filters_the_hours_by_date_and_approves_only_those_shown(
    page, live_server, login
):
    from volunteers import services

    alice = coordinator("social-omsorg", email="alice@example.dk")
    today = timezone.localdate()
    old, recent = (
        services.hours_log(
            volunteer=VolunteerFactory(),
            worked_on=today - timedelta(days=days),
            duration_min=60,
            core_task=alice.roles.get().core_task,
        )
        for days in (20, 2)
    )
    login(page, alice)
    page.goto(live_server.url + reverse("volunteers:hours-approve"))
    page.get_by_label("Fra dato").fill((today - timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Vis", exact=True).click()
    page.wait_for_load_state()
    assert f"worked_from={(today - timedelta(days=7)).isoformat()}" in page.url
    assert page.locator("input[name=entries]").count() == 1
    # The date picker shows the chosen day again (browsers read ISO only).
    assert page.get_by_label("Fra dato").input_value() == (today - timedelta(days=7)).isoformat()
    # The checkbox is drawn in its own row, not at the page's corner (DKFDS places it absolutely).
    box = page.locator("input[name=entries]").bounding_box()
    row = page.locator("tbody tr").first.bounding_box()
    assert row["y"] <= box["y"] <= row["y"] + row["height"] and box["width"] > 0
    page.locator("input[name=entries]").check()
    page.get_by_role("button", name="Godkend de valgte").click()
    page.get_by_role("button", name="Ja, godkend").click()
    page.wait_for_load_state()
    assert "1 registreringer er behandlet" in page.content()
    assert "worked_from=" in page.url
    assert HoursEntry.objects.get(pk=recent.pk).status == "approved"
    assert HoursEntry.objects.get(pk=old.pk).status == "pending"


JOURNEY_WORDS = {
    "da": {
        "me": "Mig som frivillig",
        "hours": "Antal timer",
        "amount": "1,5",
        "what": "Hvad lavede du?",
        "save": "Gem timer",
        "shown": "1,5 timer",
        "overview": "Frivilligoverblik",
        "approve_hours": "Godkend timer",
        "all": "Vælg alle",
        "none": "Vælg ingen",
        "approve": "Godkend de valgte",
        "question": "Godkend 1 registrering for 1 frivillig?",
        "yes": "Ja, godkend",
        "done": "1 registreringer er behandlet",
        "menu": {"menu": "Hovedmenu", "more": "Mere"},
    },
    "en": {
        "me": "Me as a volunteer",
        "hours": "Hours",
        "amount": "1.5",
        "what": "What did you do?",
        "save": "Save hours",
        "shown": "1.5 hours",
        "overview": "Volunteer dashboard",
        "approve_hours": "Approve hours",
        "all": "Select all",
        "none": "Select none",
        "approve": "Approve selected",
        "question": "Approve 1 entry for 1 volunteer?",
        "yes": "Yes, approve",
        "done": "1 entries handled",
        "menu": {"menu": "Main menu", "more": "More"},
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_volunteer_logs_an_hour_and_a_half_and_the_coordinator_approves_only_that_entry(
    page, new_page, live_server, login, axe, language
):
    from community.models import Role
    from community.tests.factories import UserFactory, with_role
    from tests.browser.menu import follow_main_menu
    from volunteers import services

    w = JOURNEY_WORDS[language]
    alice = coordinator("social-omsorg", email="alice@example.dk")
    task = alice.roles.get().core_task
    vera = VolunteerFactory(user=UserFactory(first_name="Vera", last_name="Holm"))
    with_role(vera.user, Role.Kind.VOLUNTEER)
    others = [
        services.hours_log(
            volunteer=v,
            worked_on=timezone.localdate() - timedelta(days=days),
            duration_min=120,
            core_task=task,
        )
        for v, days in ((vera, 30), (VolunteerFactory(), 3), (VolunteerFactory(), 120))
    ]

    # The volunteer logs 1,5 hours from her own page and reads them back with one decimal.
    login(page, vera.user)
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    follow_main_menu(page, w["me"], **w["menu"])
    page.get_by_label(w["hours"], exact=True).fill(w["amount"])
    page.locator("#id_core_task").select_option(str(task.pk))
    page.get_by_label(w["what"]).fill("Kaffe og kage")
    page.get_by_role("button", name=w["save"]).click()
    page.wait_for_load_state()
    logged = HoursEntry.objects.get(description="Kaffe og kage")
    assert logged.duration_min == 90
    row = page.get_by_role("row").filter(has_text="Kaffe og kage")
    expect(row.get_by_role("cell", name=w["shown"], exact=True)).to_have_count(1)
    axe(page)

    # The coordinator goes from the home page to the hours: nothing is ticked for her.
    staff = new_page()
    login(staff, alice)
    staff.goto(live_server.url + "/")
    if language == "en":
        staff.get_by_role("button", name="English").click()
        staff.wait_for_load_state()
    follow_main_menu(staff, w["overview"], **w["menu"])
    staff.get_by_role("link", name=w["approve_hours"], exact=True).click()
    boxes = staff.locator("input[name=entries]")
    expect(boxes).to_have_count(4)
    expect(staff.locator("input[name=entries]:checked")).to_have_count(0)
    staff.get_by_role("button", name=w["all"]).click()
    expect(staff.locator("input[name=entries]:checked")).to_have_count(4)
    staff.get_by_role("button", name=w["none"]).click()
    expect(staff.locator("input[name=entries]:checked")).to_have_count(0)
    axe(staff)
    staff.get_by_role("row").filter(has_text="Kaffe og kage").get_by_role("checkbox").check()
    staff.get_by_role("button", name=w["approve"]).click()

    # A question with the count comes first; nothing has changed yet.
    expect(staff.locator("h1")).to_have_text(w["question"])
    assert HoursEntry.objects.filter(status="pending").count() == 4
    axe(staff)
    staff.get_by_role("button", name=w["yes"]).click()
    expect(staff.locator("main")).to_contain_text(w["done"])
    logged.refresh_from_db()
    assert logged.status == "approved"
    assert [HoursEntry.objects.get(pk=e.pk).status for e in others] == ["pending"] * 3
