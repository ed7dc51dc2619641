"""A volunteer answers her follow-up and reads her hours, in a real browser, in Danish and English."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import core_task
from matching.models import FollowUpAnswer
from matching.tests.test_follow_up_form import follow_up_of_vera  # noqa: F401 (a fixture)
from volunteers import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_answers_her_follow_up_with_nothing_chosen_for_her(
    page,
    live_server,
    login,
    axe,
    follow_up_of_vera,  # noqa: F811
):
    vera, follow_up = follow_up_of_vera
    login(page, vera)
    page.goto(live_server.url + reverse("matching:follow-up-answer", args=[follow_up.pk]))
    assert "4 korte spørgsmål" in page.locator("main").inner_text()
    assert page.locator("input[type=radio]:checked").count() == 0
    axe(page)
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_load_state()
    assert not FollowUpAnswer.objects.exists()
    page.get_by_label("2-3 gange").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Ja").check()
    page.get_by_label("Vil du fortælle mere? (valgfrit)").fill("Vi går tur hver uge")
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_load_state()
    assert "Tak for dine svar" in page.content()
    assert FollowUpAnswer.objects.get().comment == "Vi går tur hver uge"


def test_a_volunteer_reads_her_hour_and_a_half_in_danish_and_english(
    page,
    live_server,
    login,
    follow_up_of_vera,  # noqa: F811
):
    vera, _follow_up = follow_up_of_vera
    services.hours_log(
        volunteer=vera.volunteer,
        worked_on=timezone.localdate(),
        duration_min=90,
        core_task=core_task("social-omsorg"),
    )
    login(page, vera)
    page.goto(live_server.url + reverse("volunteers:mine"))
    assert page.get_by_role("cell", name="1,5 timer").count() == 1
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("volunteers:mine"))
    assert page.get_by_role("cell", name="1.5 hours").count() == 1
