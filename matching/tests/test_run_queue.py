"""Matching runs on the task queue (issue 16): queued from the page, made in the background, shown by stage."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from matching.models import MatchRun, Need, Proposal
from matching.services import runs
from matching.tasks import run_matching
from matching.tests.factories import make_need, make_volunteer

pytestmark = pytest.mark.django_db


def _start(client, **data):
    return client.post(reverse("matching:run-create"), {"core_task": "", "local_area": "", **data})


def test_starting_a_run_takes_the_coordinator_to_its_page_which_shows_the_result(client, birthe):
    make_need()
    make_volunteer(km_north=1.2)
    client.force_login(birthe)
    response = _start(client)
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("matching:run-detail", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "Matchningen er færdig" in page
    assert "1 forslag til 1 åbent behov." in page
    assert 'value="5"' in page  # every stage done
    assert Proposal.objects.filter(run=run, status=Proposal.Status.PENDING).count() == 1
    assert run.started_by == birthe


def test_the_progress_part_polls_while_the_run_works_and_stops_when_it_is_done(client, birthe):
    run = MatchRun.objects.create(
        started_by=birthe, state=MatchRun.State.RUNNING, stage=MatchRun.Stage.SCORING
    )
    client.force_login(birthe)
    part = client.get(reverse("matching:run-detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    html = part.content.decode()
    assert "<html" not in html
    assert 'hx-trigger="every 200ms"' in html  # a new run: its result shows soon after it is done
    assert 'Giver point <span class="samskab-stage__status">(i gang)' in html
    assert 'value="2"' in html  # reading and candidates done
    MatchRun.objects.filter(pk=run.pk).update(state=MatchRun.State.DONE, stage="")
    html = client.get(
        reverse("matching:run-detail", args=[run.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in html
    assert "Se forslagene" in html


def test_a_run_that_takes_long_is_polled_calmly(client, birthe):
    run = MatchRun.objects.create(
        started_by=birthe,
        state=MatchRun.State.RUNNING,
        stage=MatchRun.Stage.SOLVING,
        started_at=timezone.now() - timedelta(minutes=2),
    )
    client.force_login(birthe)
    part = client.get(reverse("matching:run-detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1000ms"' in part.content.decode()


def test_a_second_run_for_the_same_task_and_area_is_refused_while_one_is_active(client, birthe):
    make_need()
    client.force_login(birthe)
    active = runs.matching_run_start(actor=birthe, core_task_ids=None)
    MatchRun.objects.filter(pk=active.pk).update(state=MatchRun.State.RUNNING)
    response = _start(client)
    assert response.url == reverse("matching:overview")
    page = client.get(response.url).content.decode()
    assert "allerede i gang" in page
    assert MatchRun.objects.count() == 1


def test_the_database_refuses_two_active_runs_of_the_same_scope():
    MatchRun.objects.create(scope_key="tasks=1 area=all", state=MatchRun.State.QUEUED)
    MatchRun.objects.create(scope_key="tasks=1 area=all", state=MatchRun.State.DONE)
    with pytest.raises(IntegrityError):
        MatchRun.objects.create(scope_key="tasks=1 area=all", state=MatchRun.State.RUNNING)


def test_a_run_that_lost_its_worker_long_ago_no_longer_blocks_its_scope(birthe, settings):
    from datetime import timedelta

    from django.utils import timezone

    lost = runs.matching_run_start(actor=birthe, core_task_ids=None)
    MatchRun.objects.filter(pk=lost.pk).update(
        state=MatchRun.State.RUNNING,
        started_at=timezone.now() - timedelta(minutes=settings.MATCHING_RUN_STALE_MIN + 1),
    )
    runs.matching_run_start(actor=birthe, core_task_ids=None)
    lost.refresh_from_db()
    assert lost.state == MatchRun.State.FAILED


def test_a_failed_run_says_what_failed_and_changes_nothing(client, birthe, monkeypatch):
    need = make_need()
    make_volunteer(km_north=1.2)

    def broken(*args, **kwargs):
        raise ValueError("the weights table is empty")

    monkeypatch.setattr(runs, "score_candidates", broken)
    client.force_login(birthe)
    response = _start(client)
    page = client.get(response.url).content.decode()
    assert "Matchningen mislykkedes" in page
    assert "Matchningen stoppede under trinnet «Giver point»." in page
    assert "Intet er ændret" in page
    assert "ValueError: the weights table is empty" in page
    assert not Proposal.objects.exists()
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN
    # The scope is free again: the coordinator can try once more.
    monkeypatch.undo()
    assert "Matchningen er færdig" in client.get(_start(client).url).content.decode()


def test_a_run_delivered_twice_creates_its_proposals_once(birthe):
    make_need()
    make_need(km_north=0.5)
    make_volunteer(km_north=1.2, capacity=2)
    run = runs.matching_run_start(actor=birthe, core_task_ids=None)
    first = list(Proposal.objects.filter(run=run).values_list("pk", flat=True))
    assert first
    assert run_matching.apply(args=[run.pk]).get() == MatchRun.State.DONE
    assert list(Proposal.objects.filter(run=run).values_list("pk", flat=True)) == first


def test_a_run_whose_worker_died_before_saving_is_made_whole_by_the_next_delivery(birthe):
    make_need()
    make_volunteer(km_north=1.2)
    run = MatchRun.objects.create(
        started_by=birthe,
        state=MatchRun.State.RUNNING,
        stage=MatchRun.Stage.SOLVING,
        scope_key="tasks=all area=all",
    )
    assert run_matching.apply(args=[run.pk]).get() == MatchRun.State.DONE
    assert Proposal.objects.filter(run=run, status=Proposal.Status.PENDING).count() == 1
    run.refresh_from_db()
    assert run.proposed_count == 1
