"""Hearings in a real browser: a citizen without an account answers, confirms by e-mail and follows the
hearing to its decision; a council member writes a hearing with as many questions as she needs."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import LocalAreaFactory, LocalCouncilFactory, council_member
from hearings.models import Follower, Hearing, Response
from hearings.tests.factories import make_hearing
from tests.browser.menu import follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mailed_link(message, path: str) -> str:
    return re.search(rf"https?://\S+{path}\S*", message.body).group(0)


def test_a_citizen_without_an_account_answers_a_hearing_and_sees_the_result(
    page, live_server, axe, settings, login
):
    settings.SITE_URL = live_server.url
    area = LocalAreaFactory(name="Juelsminde", slug="juelsminde", population=4100)
    council = LocalCouncilFactory(name="Juelsminde Lokalråd", areas=[area])
    hanne = council_member(council, email="hanne@example.dk")
    hearing = make_hearing(area=area, council=council, title="Hvad skal havnepladsen bruges til?")

    page.goto(live_server.url + reverse("localareas:area-detail", args=["juelsminde"]))
    page.get_by_role("link", name="Hvad skal havnepladsen bruges til?").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Legeplads").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Andre idéer?").fill("Gerne et sted at grille")
    page.get_by_label("Hvor gammel er du?").select_option("18-29")
    page.get_by_label("Din e-mail").fill("maja@example.dk")
    page.get_by_label("Følg høringen", exact=False).check()
    page.get_by_role("button", name="Send mit svar").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tjek din e-mail"
    assert Response.objects.filter(confirmed_at__isnull=False).count() == 0

    link = re.search(r"https?://\S+/hoeringer/bekraeft/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    axe(page)
    assert page.locator("h1").inner_text() == "Bekræft dit svar"
    assert Response.objects.filter(confirmed_at__isnull=False).count() == 0
    page.get_by_role("button", name="Bekræft mit svar").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Tak for dit svar"
    assert Response.objects.filter(hearing=hearing, confirmed_at__isnull=False).count() == 1

    page.get_by_role("link", name="Se resultatet indtil nu").click()
    page.wait_for_load_state()
    assert page.locator(f"canvas#chart-q{hearing.questions.first().pk}").is_visible()
    table = page.locator("table").nth(1)
    assert "Legeplads" in table.inner_text() and "100 %" in table.inner_text()
    assert "Gerne et sted at grille" not in page.content()  # free text is for the owners only
    axe(page)

    # The hearing closes; the council member publishes the results, then the decision.
    Hearing.objects.filter(pk=hearing.pk).update(
        opens_on=timezone.localdate() - timedelta(days=12),
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    mail.outbox.clear()
    login(page, hanne)
    page.goto(live_server.url)
    follow_main_menu(page, "Mine høringer")
    page.wait_for_load_state()
    page.get_by_role("link", name="Hvad skal havnepladsen bruges til?").click()
    page.wait_for_load_state()
    assert "1 person følger høringen" in page.locator("#h-publish + p").inner_text()
    axe(page)
    page.get_by_role("button", name="Offentliggør resultatet").click()
    page.wait_for_load_state()
    assert "1, der følger høringen, får besked på e-mail" in page.content()
    assert [m.to for m in mail.outbox] == [["maja@example.dk"]]
    assert "/resultat/" in mailed_link(mail.outbox[0], "/hoeringer/")

    page.get_by_role("link", name="Rediger høringen").click()
    page.wait_for_load_state()
    page.get_by_label("Beslutning (valgfrit)").fill("Havnepladsen får en legeplads til foråret.")
    axe(page)
    page.get_by_role("button", name="Gem høringen").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Offentliggør beslutningen").click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 2
    assert "Havnepladsen får en legeplads til foråret." in mail.outbox[1].body
    assert not Follower.objects.exists()

    # Maja opens the hearing from the mail and reads the decision.
    page.context.clear_cookies()
    page.goto(mailed_link(mail.outbox[1], f"/hoeringer/{hearing.pk}/"))
    decision = page.get_by_role("region", name="Beslutningen")
    assert "Havnepladsen får en legeplads til foråret." in decision.inner_text()
    axe(page)


def test_a_council_member_adds_questions_in_place_and_saves_them_all(page, live_server, axe, login):
    area = LocalAreaFactory(name="Juelsminde", slug="juelsminde")
    hanne = council_member(LocalCouncilFactory(name="Juelsminde Lokalråd", areas=[area]))
    login(page, hanne)
    page.goto(live_server.url)
    follow_main_menu(page, "Mine høringer")
    page.wait_for_load_state()
    page.get_by_role("link", name="Opret en høring").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Titel").fill("Stier i skoven")
    page.get_by_label("Hvad handler det om").fill("Hvor går I tur?")
    page.get_by_label("Lokalområde").select_option(label="Juelsminde")
    today = timezone.localdate()
    page.get_by_label("Åbner").fill(today.isoformat())
    page.get_by_label("Lukker").fill((today + timedelta(days=14)).isoformat())
    assert page.locator("fieldset legend", has_text="Spørgsmål").count() == 3

    page.evaluate("window.stillTheSamePage = true")
    for _ in range(2):
        page.get_by_role("button", name="Tilføj spørgsmål").click()
    assert page.evaluate("window.stillTheSamePage === true")  # no round trip to the server
    assert page.get_by_role("group", name="Spørgsmål 5").is_visible()
    axe(page)
    for n in range(1, 6):
        group = page.get_by_role("group", name=f"Spørgsmål {n}", exact=True)
        group.get_by_label("Spørgsmål", exact=True).fill(f"Spørgsmål nummer {n}?")
        group.get_by_label("Svartype").select_option("text")
    page.get_by_role("button", name="Gem høringen").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Stier i skoven"
    for n in range(1, 6):
        assert page.get_by_label(f"Spørgsmål nummer {n}?").is_visible()
    assert Hearing.objects.get().questions.count() == 5


def test_the_involvement_index_map_and_table_pass_axe(page, live_server, axe):
    LocalAreaFactory(name="Asby", slug="asby", population=1000)
    LocalAreaFactory(name="Bestrup", slug="bestrup", population=2000)
    page.goto(live_server.url + reverse("localareas:involvement"))
    page.locator("#involvement-map[data-loaded=true]").wait_for()
    assert page.locator("#involvement-map path.leaflet-interactive").count() == 2
    assert "Bestrup" in page.locator("table").inner_text()
    axe(page)
