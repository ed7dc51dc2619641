"""What a run reads: only the volunteers who could serve its needs, and exclusions by subquery."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.tests.factories import CitizenFactory
from matching.models import Need, Proposal
from matching.services.providers import load_needs, load_providers
from matching.tests.factories import make_need, make_volunteer, run

pytestmark = pytest.mark.django_db


def loaded_keys(scope):
    _rows, needs = load_needs(scope)
    providers, _labels = load_providers({n.kind for n in needs}, timezone.localdate(), needs=needs)
    return {p.key for p in providers}


def test_a_run_reads_only_the_volunteers_of_its_core_task_or_of_none():
    make_need()
    own = make_volunteer()
    anyone = make_volunteer(tasks=())
    other = make_volunteer(tasks=("laering",))
    keys = loaded_keys(Need.objects.all())
    assert {f"v{own.pk}", f"v{anyone.pk}"} <= keys
    assert f"v{other.pk}" not in keys


def test_a_run_reads_no_volunteer_beyond_the_reach_of_its_needs():
    make_need(travel_km=10)
    near = make_volunteer(km_north=9)
    far = make_volunteer(km_north=40, travel_km=100)
    keys = loaded_keys(Need.objects.all())
    assert f"v{near.pk}" in keys
    assert f"v{far.pk}" not in keys


def test_a_need_whose_only_volunteers_are_of_another_task_has_nobody_in_reach(birthe):
    need = make_need()
    make_volunteer(tasks=("laering",))
    run(birthe)
    need.refresh_from_db()
    assert need.unmatched_reason == "nobody_in_reach"


def test_a_need_whose_only_volunteers_live_far_away_has_nobody_in_reach(birthe):
    need = make_need(travel_km=5)
    make_volunteer(km_north=60)
    run(birthe)
    need.refresh_from_db()
    assert need.unmatched_reason == "nobody_in_reach"


def test_a_need_with_no_volunteer_of_its_kind_anywhere_says_so(birthe):
    need = make_need(kind="mentor")
    make_volunteer(tasks=("laering",), activities=["visiting_friend"])
    run(birthe)
    need.refresh_from_db()
    assert need.unmatched_reason == "no_provider"


def test_a_rejected_volunteer_is_left_out_without_listing_every_citizen(birthe):
    citizen = CitizenFactory()
    need = make_need(citizen=citizen)
    rejected, other = make_volunteer(), make_volunteer(km_north=2)
    run(birthe)
    pending = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    assert pending.volunteer == rejected
    pending.status = Proposal.Status.REJECTED
    pending.save()
    Need.objects.filter(pk=need.pk).update(status=Need.Status.OPEN)
    with CaptureQueriesContext(connection) as queries:
        run(birthe)
    assert Proposal.objects.get(need=need, status=Proposal.Status.PENDING).volunteer == other
    exclusions = [q["sql"] for q in queries.captured_queries if "'rejected'" in q["sql"]]
    assert exclusions and all("IN (SELECT" in sql for sql in exclusions)
