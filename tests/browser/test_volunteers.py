"""The volunteer journey in Danish, in a real browser: sign up, get approved, apply, log hours, get them approved."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

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
    staff.get_by_label("Ny status").select_option("approved")
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

    # 6. The coordinator approves the hours.
    staff.goto(live_server.url + reverse("volunteers:hours-approve"))
    staff.get_by_role("button", name="Godkend de valgte").click()
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
    page.get_by_role("button", name="Godkend de valgte").click()
    page.wait_for_load_state()
    assert "1 registreringer er behandlet" in page.content()
    assert "worked_from=" in page.url
    assert HoursEntry.objects.get(pk=recent.pk).status == "approved"
    assert HoursEntry.objects.get(pk=old.pk).status == "pending"
