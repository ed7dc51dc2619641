"""In a real browser, in Danish: a volunteer signs up with her phone number from the home page, the
coordinator finds her by full name, moves her onboarding one step and sees the history; a second
volunteer joins the waiting list of a full opportunity and is offered the place when it frees up."""

import pytest
from django.core import mail
from django.urls import reverse

from community.tests.factories import UserFactory, coordinator
from volunteers import services
from volunteers.models import Volunteer, WaitlistEntry
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_with_a_phone_find_by_full_name_and_move_one_step(
    page, new_page, live_server, login, axe
):
    alice = coordinator("social-omsorg", email="alice@example.dk")
    page.goto(live_server.url + reverse("community:home"))
    page.get_by_role("link", name="Bliv frivillig").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bliv frivillig"
    axe(page)
    page.get_by_label("Fornavn").fill("Mette")
    page.get_by_label("Efternavn").fill("Frivillig")
    page.get_by_label("E-mail").fill("mette@example.dk")
    page.get_by_label("Vælg en adgangskode").fill("En-god-adgangskode-42")
    page.get_by_label("Skriv adgangskoden igen").fill("En-god-adgangskode-42")
    page.get_by_label("Telefonnummer").fill("+45 21 43 65 87")
    page.get_by_label("Besøgsven").check()
    page.get_by_label("Social Omsorg").check()
    page.get_by_label("Mandag formiddag").check()
    page.get_by_label("Postnummer").fill("8722")
    page.get_by_label("Jeg giver lov til", exact=False).check()
    page.get_by_role("button", name="Send min tilmelding").click()
    page.wait_for_load_state()
    assert "Tak for din tilmelding" in page.content()
    assert Volunteer.objects.get(user__email="mette@example.dk").user.phone == "+45 21436587"

    staff = new_page()
    login(staff, alice)
    staff.goto(live_server.url + reverse("volunteers:dashboard"))
    staff.get_by_role("link", name="Alle frivillige").click()
    staff.get_by_label("Søg").fill("Mette Frivillig")
    staff.get_by_role("button", name="Vis").click()
    staff.wait_for_load_state()
    assert "+45 21436587" in staff.content()
    axe(staff)
    staff.get_by_role("link", name="Mette Frivillig").click()
    assert staff.locator("#id_status option").all_inner_texts() == ["Samtale aftalt", "Stoppet"]
    staff.get_by_label("Ny status").select_option("talk")
    staff.get_by_role("button", name="Gem status").click()
    staff.wait_for_load_state()
    assert "Status er ændret" in staff.content()
    history = staff.get_by_role("list", name="Historik").inner_text()
    assert "ændrede status fra Har søgt til Samtale aftalt" in history
    assert "Mette Frivillig meldte sig som frivillig" in history
    axe(staff)


def test_a_volunteer_waits_for_a_full_opportunity_and_is_offered_the_freed_place(
    page, new_page, live_server, login, axe
):
    opportunity = OpportunityFactory(title="Sommerfest", places=1)
    anna = VolunteerFactory(user=UserFactory(first_name="Anna", email="anna@example.dk"))
    services.application_create(opportunity_id=opportunity.pk, volunteer=anna)
    bente = VolunteerFactory(user=UserFactory(first_name="Bente", email="bente@example.dk"))

    login(page, bente.user)
    page.goto(live_server.url + reverse("volunteers:opportunity-list"))
    page.get_by_role("link", name="Sommerfest").first.click()
    assert "Alle pladser er taget" in page.content()
    axe(page)
    page.get_by_role("button", name="Skriv mig på ventelisten").click()
    page.wait_for_load_state()
    assert "Du står nu på ventelisten" in page.content()
    assert "Mine ventelister" in page.content()
    axe(page)

    other = new_page()
    login(other, anna.user)
    other.goto(live_server.url + reverse("volunteers:mine"))
    mail.outbox.clear()
    other.get_by_role("button", name="Træk tilbage Sommerfest").click()
    other.wait_for_load_state()
    assert [m.to for m in mail.outbox] == [["bente@example.dk"]]
    assert "Der er en plads til dig: Sommerfest" == mail.outbox[0].subject

    page.goto(live_server.url + reverse("volunteers:mine"))
    assert "Tilbudt en plads" in page.content()
    axe(page)
    page.get_by_role("button", name="Tag pladsen Sommerfest").click()
    page.wait_for_load_state()
    assert "Du har taget pladsen" in page.content()
    assert WaitlistEntry.objects.get(volunteer=bente).status == "accepted"
    assert bente.applications.get().status == "pending"
