"""A coordinator starts a matching run from the home page and watches it work in the background:
embedded (a thread of the server, as `make run` does) and on a real Celery worker on Redis."""

import threading

import pytest
from playwright.sync_api import expect

from community.tests.factories import coordinator
from matching.models import MatchRun, Proposal
from matching.services import runs
from matching.tests.factories import make_need, make_volunteer
from tests.browser.menu import follow_main_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _start_a_run(page, live_server, login, axe):
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    make_need()
    make_volunteer(km_north=1.2)
    login(page, birthe)
    page.goto(live_server.url + "/")
    follow_main_menu(page, "Match")
    expect(page.locator("h1")).to_have_text("Match mellem borgere og frivillige")
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Find match nu").click()
    expect(page.locator("h1")).to_have_text("Matchkørsel")


def _watch_it_work(page, axe):
    progress = page.locator("#run-progress")
    expect(progress.locator("li[data-stage=scoring]")).to_contain_text("(i gang)")
    expect(progress.locator("li[data-stage=candidates]")).to_contain_text("(færdig)")
    axe(page)


def _see_the_proposals(page, axe):
    progress = page.locator("#run-progress")
    expect(progress.get_by_role("heading")).to_have_text("Matchningen er færdig")
    expect(progress).to_contain_text("1 forslag til 1 åbent behov.")
    expect(progress.locator("progress")).to_have_attribute("value", "5")
    axe(page)
    page.get_by_role("link", name="Se forslagene").click()
    expect(page.locator("h1")).to_have_text("Forslag der venter på dig")
    expect(page.locator("section.samskab-card").first).to_contain_text("bor 1,2 km fra hinanden")
    axe(page)
    assert Proposal.objects.filter(status=Proposal.Status.PENDING).count() == 1
    assert MatchRun.objects.get().state == MatchRun.State.DONE


def test_a_coordinator_watches_a_run_in_the_background_and_sees_its_proposals_embedded(
    page, live_server, login, axe, monkeypatch
):
    # The run waits at the scoring stage until the page has shown it: a held run, not a timed one.
    shown = threading.Event()
    score = runs.score_candidates

    def held(*args, **kwargs):
        assert shown.wait(120), "the page never showed the scoring stage"
        return score(*args, **kwargs)

    monkeypatch.setattr(runs, "score_candidates", held)
    try:
        _start_a_run(page, live_server, login, axe)
        _watch_it_work(page, axe)
    finally:
        shown.set()
    _see_the_proposals(page, axe)


@pytest.mark.postgres
def test_a_coordinator_watches_a_run_on_a_real_worker_and_sees_its_proposals(
    page, live_server, login, axe, redis_worker, tmp_path
):
    release = tmp_path / "release"
    redis_worker.start(hold_at="scoring", release=release)
    _start_a_run(page, live_server, login, axe)
    _watch_it_work(page, axe)
    release.touch()
    _see_the_proposals(page, axe)
