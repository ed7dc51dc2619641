"""The coordinators' list filters of matching: each narrows the list, junk is ignored with a message,
and paging keeps the filter in the address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Role
from community.tests.factories import CitizenFactory, LocalAreaFactory, core_task
from matching.models import FollowUp, Match, Need, Proposal
from matching.services import proposals, runs
from matching.tests.factories import active_match, make_need, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def birthe(birthe):
    """Coordinator of both Social & Omsorg and Læring."""
    Role.objects.create(user=birthe, kind=Role.Kind.COORDINATOR, core_task=core_task("laering"))
    return birthe


def page(client, name, **query):
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    return response.text


@pytest.fixture
def needs(db):
    """The needs the need-list tests read, made for each test: a module-wide transaction held open
    under the tests lost its rows when a test that empties the database ran between them (xdist)."""

    def need(last_name, task="social-omsorg", **fields):
        citizen = CitizenFactory(last_name=last_name, core_tasks=[core_task(task)])
        return make_need(citizen=citizen, task=task, **fields)

    return {
        "waiting": need("Abildgaard", status=Need.Status.OPEN),
        "closed": need("Bechmann", status=Need.Status.CLOSED),
        "learning": need("Carstensen", task="laering"),
        "other": need("Dahlerup", task="beskaeftigelse"),
    }


def test_the_need_list_shows_waiting_needs_unless_a_status_is_picked(client, birthe, needs):
    waiting, closed = needs["waiting"], needs["closed"]
    client.force_login(birthe)
    listed = page(client, "matching:need-list")
    assert str(waiting.citizen) in listed and str(closed.citizen) not in listed
    only_closed = page(client, "matching:need-list", status="closed")
    assert str(closed.citizen) in only_closed and str(waiting.citizen) not in only_closed


def test_the_need_list_narrows_to_one_of_her_core_tasks(client, birthe, needs):
    client.force_login(birthe)
    listed = page(client, "matching:need-list", core_task=core_task("laering").pk)
    assert str(needs["learning"].citizen) in listed and str(needs["waiting"].citizen) not in listed


@pytest.mark.parametrize(
    "query",
    [{"status": "findes-ikke"}, {"core_task": "abc"}, {"core_task": "99999999999999999999"}],
)
def test_a_bad_need_filter_is_ignored_with_a_message(client, birthe, needs, query):
    client.force_login(birthe)
    listed = page(client, "matching:need-list", **query)
    assert str(needs["waiting"].citizen) in listed
    assert "form-error-message" in listed


def test_another_coordinators_core_task_is_not_a_need_filter_she_can_pick(client, birthe, needs):
    client.force_login(birthe)
    listed = page(client, "matching:need-list", core_task=core_task("beskaeftigelse").pk)
    assert str(needs["other"].citizen) not in listed and "form-error-message" in listed


def test_paging_the_need_list_keeps_the_filter(client, birthe, needs):
    for _ in range(51):  # with the module's learning need: 52 open, two pages of 50
        make_need(task="laering")
    client.force_login(birthe)
    task = core_task("laering").pk
    listed = page(client, "matching:need-list", core_task=task, status="open")
    assert f"?core_task={task}&amp;status=open&amp;side=2" in listed
    second = page(client, "matching:need-list", core_task=task, status="open", side=2)
    assert "Side 2 af 2" in second


def proposed_pair(birthe, *, task, area=None, km_north=0.0):
    need = make_need(task=task, km_north=km_north)
    Need.objects.filter(pk=need.pk).update(local_area=area)  # save() places it from its point
    make_volunteer(tasks=(task,), km_north=km_north)
    runs.matching_run(actor=birthe, core_task_ids={core_task(task).pk})
    return need


def test_the_proposal_list_narrows_to_a_core_task_and_a_local_area(client, birthe):
    north, south = LocalAreaFactory(name="Nordby"), LocalAreaFactory(name="Sydby")
    social = proposed_pair(birthe, task="social-omsorg", area=north)
    learning = proposed_pair(birthe, task="laering", area=south, km_north=30)
    assert Proposal.objects.filter(status=Proposal.Status.PENDING).count() == 2
    client.force_login(birthe)
    by_task = page(client, "matching:proposal-list", core_task=core_task("laering").pk)
    assert str(learning.citizen) in by_task and str(social.citizen) not in by_task
    by_area = page(client, "matching:proposal-list", local_area=north.pk)
    assert str(social.citizen) in by_area and str(learning.citizen) not in by_area
    junk = page(client, "matching:proposal-list", local_area="nord")
    assert str(social.citizen) in junk and str(learning.citizen) in junk
    assert "form-error-message" in junk


def test_the_match_list_shows_active_matches_unless_a_status_is_picked(client, birthe):
    need = proposed_pair(birthe, task="social-omsorg")
    match = proposals.proposal_accept(
        proposal=Proposal.objects.get(need=need, status=Proposal.Status.PENDING), actor=birthe
    )
    client.force_login(birthe)
    assert str(need.citizen) not in page(client, "matching:match-list")
    waiting = page(client, "matching:match-list", status=Match.Status.AWAITING_CONSENT)
    assert str(need.citizen) in waiting and match.status == Match.Status.AWAITING_CONSENT
    junk = page(client, "matching:match-list", status="alle")
    assert str(need.citizen) not in junk and "form-error-message" in junk


def test_the_match_list_narrows_to_matches_with_a_follow_up_due_now(client, birthe):
    need, _volunteer, match = active_match(birthe)
    FollowUp.objects.filter(match=match).update(due_on=timezone.localdate() + timedelta(days=5))
    client.force_login(birthe)
    assert str(need.citizen) in page(client, "matching:match-list")
    assert str(need.citizen) not in page(client, "matching:match-list", due="on")
    FollowUp.objects.filter(match=match).update(due_on=timezone.localdate())
    assert str(need.citizen) in page(client, "matching:match-list", due="on")
