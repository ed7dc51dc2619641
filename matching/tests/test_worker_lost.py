"""A real worker on Redis is killed in the middle of a matching run; the next worker makes it once."""

import time

import pytest

from matching.models import MatchRun, Proposal
from matching.services import runs
from matching.tests.factories import make_need, make_volunteer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _until(check, what: str, timeout_s: float = 60):
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout_s} s: {what}")
        time.sleep(0.05)


def test_a_worker_killed_mid_run_leaves_one_set_of_proposals_when_the_next_worker_takes_it(
    redis_worker, birthe
):
    make_need()
    make_need(km_north=0.5)
    make_volunteer(km_north=1.2, capacity=2)
    held = redis_worker.start(hold_at="solving")
    run = runs.matching_run_start(actor=birthe, core_task_ids=None)
    stage = MatchRun.objects.filter(pk=run.pk).values_list("stage", flat=True)
    _until(lambda: stage.get() == MatchRun.Stage.SOLVING, "the run reaches the solver")

    redis_worker.kill(held)
    assert not Proposal.objects.exists()
    assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.RUNNING

    redis_worker.start()
    state = MatchRun.objects.filter(pk=run.pk).values_list("state", flat=True)
    _until(lambda: state.get() == MatchRun.State.DONE, "the next worker finishes the run")
    pending = Proposal.objects.filter(status=Proposal.Status.PENDING)
    assert pending.count() == 2
    assert set(pending.values_list("run_id", flat=True)) == {run.pk}
    assert MatchRun.objects.count() == 1
