"""A playmaker's day in the workspace, in a real browser: see the alert, verify, write in the contact log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import LocalAreaFactory, area_contact
from localareas.models import AreaResource, ContactLogEntry
from tests.browser.menu import follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_playmaker_verifies_a_stale_resource_and_writes_in_the_contact_log(
    page, live_server, login, axe
):
    area = LocalAreaFactory(name="Stouby")
    sara = area_contact(area, email="sara@example.dk", first_name="Sara", last_name="Holm")
    today = timezone.localdate()
    stale = AreaResource.objects.create(
        area=area,
        kind=AreaResource.Kind.VENUE,
        name="Stouby Forsamlingshus",
        role="Sal til 80 personer",
        verified_at=today - timedelta(days=425),
    )
    AreaResource.objects.create(
        area=area,
        kind=AreaResource.Kind.ASSOCIATION,
        name="Stouby Borgerforening",
        verified_at=today - timedelta(days=20),
    )

    login(page, sara)
    page.goto(live_server.url + reverse("community:home"))
    follow_main_menu(page, "Arbejdsrum")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Arbejdsrum for playmakere"
    alert = page.locator("#stale-alert")
    assert "1 ressource er ikke bekræftet i 12 måneder" in alert.inner_text()
    axe(page)

    page.get_by_role("link", name="Stouby").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Arbejdsrum: Stouby"
    axe(page)
    page.get_by_role("button", name="Bekræft oplysninger om Stouby Forsamlingshus").click()
    page.wait_for_load_state()
    assert "Oplysningerne om Stouby Forsamlingshus er bekræftet i dag." in page.content()
    assert page.locator("#stale-alert").count() == 0
    stale.refresh_from_db()
    assert stale.verified_at == today

    page.get_by_role("link", name="Skriv i kontaktloggen").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Ressource").select_option(label="Stouby Forsamlingshus")
    page.get_by_label("Talte med").fill("Bestyrelsen")
    page.get_by_label("Hvordan").select_option("meeting")
    page.get_by_label("Referat").fill("De vil gerne holde fællesspisning en gang om måneden.")
    page.get_by_label("Følg op senest").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    assert "Samtalen er skrevet i kontaktloggen." in page.content()
    assert "De vil gerne holde fællesspisning" in page.content()
    entry = ContactLogEntry.objects.get()
    assert entry.resource == stale and entry.created_by == sara
    axe(page)


def test_the_workspace_forms_and_meetings_are_accessible(page, live_server, login, axe):
    area = LocalAreaFactory(name="Barrit")
    mikkel = area_contact(area, email="mikkel@example.dk", first_name="Mikkel", last_name="Dam")
    AreaResource.objects.create(
        area=area, kind=AreaResource.Kind.BUSINESS, name="Barrit Købmand", verified_at=None
    )
    login(page, mikkel)
    for name, args in [
        ("localareas:resource-create", [area.slug]),
        ("localareas:project-create", []),
        ("localareas:meeting-create", []),
    ]:
        page.goto(live_server.url + reverse(name, args=args))
        assert page.locator("h1").count() == 1
        axe(page)
    page.get_by_label("Dato").fill("2026-12-03")
    page.get_by_label("Sted").fill("Rådhuset")
    page.get_by_label("Dagsorden").fill("Nyt fra områderne")
    page.get_by_label("Mikkel Dam").check()
    page.locator("#id_beslutning-0-text").fill("Fælles kalender for foreningerne")
    page.locator("#id_beslutning-0-owner").select_option(label="Mikkel Dam")
    page.get_by_role("button", name="Gem mødet").click()
    page.wait_for_load_state()
    assert "Fælles kalender for foreningerne" in page.content()
    axe(page)
    page.goto(live_server.url + reverse("localareas:meeting-list"))
    assert "Rådhuset" in page.content()
    axe(page)
