import re

import pytest
from django.urls import reverse

from community.tests.factories import CitizenFactory, coordinator, core_task
from matching.models import FollowUp, FollowUpAnswer, Proposal
from matching.services import matches, proposals, runs
from matching.tests.factories import make_need, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up_of_vera():
    """Vera, a volunteer, has an active match with Inger and her two-week follow-up is due."""
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    citizen = CitizenFactory(
        email="inger@example.dk", core_tasks=[core_task("social-omsorg")], lat=55.7716, lon=9.7011
    )
    make_need(citizen=citizen)
    vera = make_volunteer()
    runs.matching_run(actor=birthe, core_task_ids={core_task("social-omsorg").pk})
    match = proposals.proposal_accept(
        proposal=Proposal.objects.get(status=Proposal.Status.PENDING), actor=birthe
    )
    matches.match_consent(match=match, party="citizen", actor=birthe, given=True)
    matches.match_consent(match=match, party="provider", actor=vera.user, given=True)
    return vera.user, FollowUp.objects.get(match=match, stage="2w")


def test_the_follow_up_form_preselects_no_empty_answer_and_counts_its_questions(
    client, follow_up_of_vera
):
    vera, follow_up = follow_up_of_vera
    client.force_login(vera)
    page = client.get(reverse("matching:follow-up-answer", args=[follow_up.pk])).content.decode()
    assert "---------" not in page
    assert not re.search(r'<input[^>]*type="radio"[^>]*checked', page)
    questions = len(re.findall(r"<legend|<label[^>]*for=\"id_comment", page))
    assert questions == 4
    assert "4 korte spørgsmål" in page
    assert "(frivilligt) (valgfrit)" not in page
    assert page.count("valgfrit") == 1


def test_sending_the_follow_up_form_unanswered_asks_for_each_answer_and_saves_nothing(
    client, follow_up_of_vera
):
    vera, follow_up = follow_up_of_vera
    client.force_login(vera)
    url = reverse("matching:follow-up-answer", args=[follow_up.pk])
    response = client.post(url, {})
    assert response.status_code == 200
    assert not FollowUpAnswer.objects.exists()
    response = client.post(url, {"met": "2-3", "going_well": "4", "wants_to_continue": "yes"})
    assert response.status_code == 302
    assert FollowUpAnswer.objects.get().met == "2-3"


def test_the_follow_up_reminder_links_to_mine_on_the_platforms_address(follow_up_of_vera, settings):
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    from matching.services import follow_ups

    settings.SITE_URL = "https://samskab.hedensted.dk"
    vera, _follow_up = follow_up_of_vera
    follow_ups.follow_ups_remind(today=timezone.localdate() + timedelta(days=15))
    (message,) = [m for m in mail.outbox if m.to == [vera.email]]
    assert "https://samskab.hedensted.dk" + reverse("matching:mine") in message.body.split()
