"""A volunteer opens "Mine oplysninger" from the menu, reads it as text and downloads it as a file
that a program can read: the file meets the JSON Schema shipped in the repository."""

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from playwright.sync_api import expect

from community.tests.factories import UserFactory, core_task
from matching.tests.factories import make_volunteer
from tests.browser.menu import dkfds_ready, follow_main_menu
from volunteers.models import HoursEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHEMA = Path(__file__).resolve().parents[2] / "community/schemas/personal-data.schema.json"
PHONE = {"width": 390, "height": 844}
WORDS = {
    "da": {
        "menu": {"menu": "Hovedmenu", "more": "Mere"},
        "my_data": "Mine oplysninger",
        "download": "Hent mine oplysninger som fil",
        "hours": "Dine timer",
        "pending": "Venter på godkendelse",
        "minutes": "Minutter",
    },
    "en": {
        "menu": {"menu": "Main menu", "more": "More"},
        "my_data": "My information",
        "download": "Download my information as a file",
        "hours": "Your hours",
        "pending": "Waiting for approval",
        "minutes": "Minutes",
    },
}


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_a_volunteer_reads_her_data_and_downloads_it_as_a_file_a_program_can_read(
    page, live_server, login, axe, language, screen
):
    w = WORDS[language]
    karl = UserFactory(email="karl@example.dk", first_name="Karl", last_name="Frivillig")
    volunteer = make_volunteer(user=karl, interests="fuglekig og kaffe")
    HoursEntry.objects.create(
        volunteer=volunteer,
        core_task=core_task("social-omsorg"),
        duration_min=150,
        worked_on=date(2026, 11, 2),
    )

    if screen == "phone":
        page.set_viewport_size(PHONE)
    login(page, karl)
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    if screen == "phone":
        dkfds_ready(page)
        page.get_by_role("button", name="Menu", exact=True).click()
        drawer = page.get_by_role("dialog", name="Menu")
        drawer.get_by_role("link", name=w["my_data"], exact=True).click()
    else:
        follow_main_menu(page, w["my_data"], **w["menu"])
    expect(page.get_by_role("heading", level=1)).to_have_text(w["my_data"])
    main = page.locator("main")
    expect(main.get_by_role("heading", name=w["hours"])).to_be_visible()
    expect(main).to_contain_text(w["pending"])
    expect(main).to_contain_text("fuglekig og kaffe")
    expect(main).not_to_contain_text('"value"')
    axe(page)
    if screen == "phone":
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_download() as downloaded:
        page.get_by_role("link", name=w["download"]).click()
    assert downloaded.value.suggested_filename.endswith(".json")
    data = json.loads(Path(downloaded.value.path()).read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        data
    )
    assert data["language"] == language
    hours = data["sections"]["volunteer_hours"]
    assert hours["title"] == w["hours"]
    assert hours["records"][0]["duration_min"] == 150
    assert hours["records"][0]["worked_on"] == "2026-11-02"
    assert hours["records"][0]["status"] == {"value": "pending", "label": w["pending"]}
    # The download started no navigation: the page is still there to read.
    expect(page.get_by_role("heading", level=1)).to_have_text(w["my_data"])
