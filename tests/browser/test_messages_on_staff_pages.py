"""A coordinator changes a volunteer's status and sees, on the volunteer's page, the mail it sent and
an earlier one that failed; the mail itself is in the volunteer's language, not the coordinator's."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from community.messaging.models import Outbox
from community.tests.factories import coordinator
from tests.browser.menu import follow_main_menu
from volunteers.tests.factories import VolunteerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "da": {
        "dashboard": "Frivilligoverblik",
        "all": "Alle frivillige",
        "new_status": "Ny status",
        "save": "Gem status",
        "saved": "Status er ændret",
        "heading": "E-mails til den frivillige",
        "status_mail": "Ændret status som frivillig",
        "sent": "Sendt ",
        "failed_kind": "Svar på ansøgning",
        "failed": "Fejlet efter 5 forsøg",
        "menu": {"menu": "Hovedmenu", "more": "Mere"},
    },
    "en": {
        "dashboard": "Volunteer dashboard",
        "all": "All volunteers",
        "new_status": "New status",
        "save": "Save status",
        "saved": "The status is changed",
        "heading": "E-mails to the volunteer",
        "status_mail": "Volunteer status changed",
        "sent": "Sent ",
        "failed_kind": "Reply to an application",
        "failed": "Failed after 5 attempts",
        "menu": {"menu": "Main menu", "more": "More"},
    },
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_coordinator_sees_the_mails_to_a_volunteer_and_one_that_failed(
    page, live_server, login, axe, language
):
    w = WORDS[language]
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    vera = VolunteerFactory(
        user__first_name="Vera",
        user__last_name="Lund",
        user__email="vera@example.dk",
        status="applied",
    )
    Outbox.objects.create(
        user=vera.user,
        email="vera@example.dk",
        kind="volunteers.application_decided",
        language="da",
        status="failed",
        attempts=5,
        last_error="SMTPDataError: (554, b'Transaction failed')",
    )

    login(page, birthe)
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    follow_main_menu(page, w["dashboard"], **w["menu"])
    axe(page)
    page.get_by_role("link", name=w["all"]).first.click()
    axe(page)
    page.get_by_role("link", name="Vera Lund").first.click()
    expect(page.locator("h1")).to_contain_text("Vera Lund")
    messages = page.locator("main table").filter(has_text=w["failed_kind"])
    expect(messages).to_contain_text(w["failed"])
    axe(page)

    page.get_by_label(w["new_status"]).select_option("talk")
    page.get_by_role("button", name=w["save"]).click()
    expect(page.locator("main")).to_contain_text(w["saved"])
    expect(page.get_by_role("heading", name=w["heading"])).to_be_visible()
    rows = page.locator("main table").filter(has_text=w["failed_kind"]).locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(w["status_mail"])
    expect(rows.first).to_contain_text(w["sent"])
    axe(page)

    # Vera chose no language: her mail is in Danish whichever language Birthe works in.
    (message,) = [m for m in mail.outbox if m.to == ["vera@example.dk"]]
    assert message.subject.startswith("Din status som frivillig")
