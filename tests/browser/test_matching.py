"""Browser journey of the matching module, with axe scans of its pages."""

import pytest
from django.urls import reverse

from community.models import Role
from community.tests.factories import UserFactory, coordinator, with_role
from matching.models import Match, Proposal
from tests.browser.menu import open_in_language

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
    assert page.locator("h1").inner_text() == "Forslag der venter på dig"
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
    with page.expect_navigation():
        page.get_by_role("button", name="Borgeren har sagt ja").click()
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
