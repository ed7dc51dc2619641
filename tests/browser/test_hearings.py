"""A citizen without an account answers a hearing in a real browser and confirms by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from community.tests.factories import LocalAreaFactory
from hearings.models import Response
from hearings.tests.factories import make_hearing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_without_an_account_answers_a_hearing_and_sees_the_result(
    page, live_server, axe, settings
):
    settings.SITE_URL = live_server.url
    area = LocalAreaFactory(name="Juelsminde", slug="juelsminde", population=4100)
    hearing = make_hearing(area=area, title="Hvad skal havnepladsen bruges til?")

    page.goto(live_server.url + reverse("localareas:area-detail", args=["juelsminde"]))
    page.get_by_role("link", name="Hvad skal havnepladsen bruges til?").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Legeplads").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Andre idéer?").fill("Gerne et sted at grille")
    page.get_by_label("Hvor gammel er du?").select_option("18-29")
    page.get_by_label("Din e-mail").fill("maja@example.dk")
    page.get_by_role("button", name="Send mit svar").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tjek din e-mail"
    assert Response.objects.filter(confirmed_at__isnull=False).count() == 0

    link = re.search(r"https?://\S+/hoeringer/bekraeft/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Tak for dit svar"
    assert Response.objects.filter(hearing=hearing, confirmed_at__isnull=False).count() == 1

    page.get_by_role("link", name="Se resultatet indtil nu").click()
    page.wait_for_load_state()
    assert page.locator(f"canvas#chart-q{hearing.questions.first().pk}").is_visible()
    table = page.locator("table").nth(1)
    assert "Legeplads" in table.inner_text() and "100 %" in table.inner_text()
    assert "Gerne et sted at grille" not in page.content()  # free text is for the owners only
    axe(page)


def test_the_involvement_index_map_and_table_pass_axe(page, live_server, axe):
    LocalAreaFactory(name="Asby", slug="asby", population=1000)
    LocalAreaFactory(name="Bestrup", slug="bestrup", population=2000)
    page.goto(live_server.url + reverse("localareas:involvement"))
    page.locator("#involvement-map[data-loaded=true]").wait_for()
    assert page.locator("#involvement-map path.leaflet-interactive").count() == 2
    assert "Bestrup" in page.locator("table").inner_text()
    axe(page)
