"""The matching run against the database and every step of the workflow."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, core_task
from matching.models import FollowUp, Match, Need, Proposal
from matching.services import follow_ups, matches, needs, proposals
from matching.tests.factories import (
    accept_pending,
    active_match,
    make_activity,
    make_need,
    make_volunteer,
    run,
)

pytestmark = pytest.mark.django_db


def submit_need(citizen, *, actor=None, source=Need.Source.TALK, consent=True, **fields) -> Need:
    """A social care need made through the service, with the checks the platform makes."""
    return needs.need_create(
        actor=actor,
        citizen=citizen,
        source=source,
        consent=consent,
        core_task=core_task("social-omsorg"),
        **fields,
    )


def test_a_run_proposes_the_best_volunteer_with_reasons_and_a_meeting_place(birthe):
    need = make_need()
    near = make_volunteer(km_north=1.2)
    make_volunteer(km_north=6)
    result = run(birthe)
    proposal = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    assert proposal.volunteer == near
    assert result.proposed_count == 1
    assert {f["code"] for f in proposal.reasons} >= {"distance", "time", "interests"}
    assert proposal.meeting["kind"] in {"room", "home"}
    assert Proposal.objects.filter(need=need, status=Proposal.Status.ALTERNATIVE).count() == 1
    need.refresh_from_db()
    assert need.status == Need.Status.PROPOSED
    assert AuditEntry.objects.filter(action="matching.run").exists()


def test_a_volunteer_without_a_valid_child_certificate_is_never_proposed_for_a_child(birthe):
    child = CitizenFactory(
        birth_date=date.today() - timedelta(days=10 * 365), core_tasks=[core_task("social-omsorg")]
    )
    need = submit_need(
        child,
        actor=birthe,
        kind="mentor",
        availability=[{"day": 1, "start": "13:00", "end": "16:00"}],
        lat=55.7716,
        lon=9.7011,
    )
    assert need.for_child
    make_volunteer(
        activities=["mentor"], child_certificate_checked_on=None, age_groups=["children"]
    )
    make_volunteer(
        activities=["mentor"],
        child_certificate_checked_on=date.today() - timedelta(days=400),
        age_groups=["children"],
    )
    run(birthe)
    assert not Proposal.objects.filter(need=need).exists()
    need.refresh_from_db()
    assert need.unmatched_reason == "requirements"
    valid = make_volunteer(
        activities=["mentor"],
        child_certificate_checked_on=date.today() - timedelta(days=30),
        age_groups=["children"],
    )
    run(birthe)
    assert Proposal.objects.get(need=need, status=Proposal.Status.PENDING).volunteer == valid


def test_capacity_counts_matches_already_running(birthe):
    volunteer = make_volunteer(capacity=2)
    needs = [make_need(km_north=i * 0.1) for i in range(3)]
    run(birthe)
    assert Proposal.objects.filter(status=Proposal.Status.PENDING, volunteer=volunteer).count() == 2
    for p in Proposal.objects.filter(status=Proposal.Status.PENDING):
        proposals.proposal_accept(proposal=p, actor=birthe)
    run(birthe)
    assert Proposal.objects.filter(status=Proposal.Status.PENDING).count() == 0
    assert Need.objects.filter(pk__in=[n.pk for n in needs], status=Need.Status.OPEN).count() == 1


def test_shared_meal_seats_are_a_provider(birthe):
    meal = make_activity(seats=1)
    first = make_need(kind="shared_meal")
    second = make_need(kind="shared_meal", km_north=0.5)
    run(birthe)
    assert Proposal.objects.filter(activity=meal, status=Proposal.Status.PENDING).count() == 1
    assert (
        Need.objects.get(pk__in=[first.pk, second.pk], status=Need.Status.OPEN).unmatched_reason
        == "taken"
    )


def test_a_rejected_pair_is_never_proposed_again(birthe):
    need = make_need()
    volunteer = make_volunteer()
    run(birthe)
    proposal = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    proposals.proposal_reject(proposal=proposal, actor=birthe, reason="Kender hinanden privat")
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN
    run(birthe)
    assert not Proposal.objects.filter(
        need=need, volunteer=volunteer, status=Proposal.Status.PENDING
    ).exists()
    need.refresh_from_db()
    assert need.unmatched_reason == "all_rejected"


def test_rejecting_needs_a_reason(birthe):
    make_need()
    make_volunteer()
    run(birthe)
    proposal = Proposal.objects.get(status=Proposal.Status.PENDING)
    with pytest.raises(ValidationError):
        proposals.proposal_reject(proposal=proposal, actor=birthe, reason="  ")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_an_alternative_can_be_chosen_after_a_rejection(birthe):
    need = make_need()
    make_volunteer(km_north=0.5)
    second = make_volunteer(km_north=3)
    run(birthe)
    proposals.proposal_reject(
        proposal=Proposal.objects.get(need=need, status=Proposal.Status.PENDING),
        actor=birthe,
        reason="Nej",
    )
    alternative = Proposal.objects.get(need=need, status=Proposal.Status.ALTERNATIVE)
    assert alternative.volunteer == second
    proposals.proposal_promote(proposal=alternative, actor=birthe)
    alternative.refresh_from_db()
    assert alternative.status == Proposal.Status.PENDING
    assert Need.objects.get(pk=need.pk).status == Need.Status.PROPOSED


def test_the_whole_workflow_from_proposal_to_an_ended_match(birthe):
    need = make_need()
    volunteer = make_volunteer()
    run(birthe)
    match = accept_pending(birthe)
    assert match.status == Match.Status.AWAITING_CONSENT
    assert Need.objects.get(pk=need.pk).status == Need.Status.MATCHED
    match = matches.match_consent(match=match, party="citizen", actor=birthe, given=True)
    assert match.status == Match.Status.AWAITING_CONSENT
    match = matches.match_consent(match=match, party="provider", actor=volunteer.user, given=True)
    assert match.status == Match.Status.ACTIVE
    assert sorted(match.follow_ups.values_list("stage", flat=True)) == ["2w", "3m"]
    assert Need.objects.get(pk=need.pk).matched_at is not None
    with pytest.raises(ValidationError):
        matches.match_consent(match=match, party="citizen", actor=birthe, given=True)
    matches.match_end(
        match=match, actor=birthe, outcome=Match.Outcome.GOAL_REACHED, note="Ses stadig"
    )
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED
    assert Need.objects.get(pk=need.pk).status == Need.Status.CLOSED
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "matching.proposal_accepted",
        "matching.consent_given",
        "matching.match_active",
        "matching.match_ended",
    } <= actions


def test_a_no_from_either_party_reopens_the_need_and_the_pair_is_not_proposed_again(birthe):
    need = make_need()
    volunteer = make_volunteer()
    run(birthe)
    match = accept_pending(birthe)
    matches.match_consent(match=match, party="provider", actor=volunteer.user, given=False)
    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED
    assert Need.objects.get(pk=need.pk).status == Need.Status.OPEN
    run(birthe)
    assert not Proposal.objects.filter(status=Proposal.Status.PENDING).exists()


def test_a_room_need_gets_a_room_and_the_room_consents_by_itself(birthe):
    from community.tests.factories import BuildingFactory, RoomFactory

    building = BuildingFactory(lat=55.7716, lon=9.7011)
    room = RoomFactory(building=building, capacity=12)
    need = make_need(kind="room", group_size=8)
    run(birthe)
    proposal = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    assert proposal.room == room
    match = proposals.proposal_accept(proposal=proposal, actor=birthe)
    assert match.provider_consent_at is not None


def test_follow_up_reminders_go_out_once_when_due_and_both_parties_answer_once(birthe):
    citizen = CitizenFactory(
        email="inger@example.dk", core_tasks=[core_task("social-omsorg")], lat=55.7716, lon=9.7011
    )
    _need, volunteer, match = active_match(birthe, citizen=citizen)
    assert follow_ups.follow_ups_remind() == 0
    two_weeks_on = timezone.localdate() + timedelta(days=15)
    assert follow_ups.follow_ups_remind(today=two_weeks_on) == 1
    assert follow_ups.follow_ups_remind(today=two_weeks_on) == 0
    assert sorted(m.to for m in mail.outbox) == sorted(
        [["inger@example.dk"], [volunteer.user.email]]
    )
    follow_up = FollowUp.objects.get(match=match, stage="2w")

    def answer(party, actor, going_well=4):
        return follow_ups.follow_up_answer(
            follow_up=follow_up,
            party=party,
            actor=actor,
            met="2-3",
            going_well=going_well,
            wants_to_continue=True,
        )

    answer("provider", volunteer.user)
    with pytest.raises(ValidationError):
        answer("provider", volunteer.user)  # twice
    with pytest.raises(ValidationError):
        answer("citizen", birthe, going_well=9)  # off the 1-5 scale


def test_a_citizen_request_waits_for_review_and_needs_consent(birthe):
    citizen = CitizenFactory(core_tasks=[core_task("social-omsorg")], lat=55.77, lon=9.70)
    with pytest.raises(ValidationError):
        submit_need(citizen, source=Need.Source.CITIZEN, consent=False, kind="meal_buddy")
    need = submit_need(citizen, source=Need.Source.CITIZEN, consent=True, kind="meal_buddy")
    assert need.status == Need.Status.REQUESTED
    make_volunteer()
    run(birthe)
    assert not Proposal.objects.filter(need=need).exists()
    needs.need_review(need=need, actor=birthe)
    run(birthe)
    assert Proposal.objects.filter(need=need, status=Proposal.Status.PENDING).exists()


def test_withdrawing_a_need_retires_its_proposals(birthe):
    need = make_need()
    make_volunteer()
    run(birthe)
    needs.need_withdraw(need=need, actor=birthe, reason="Flyttet")
    assert not Proposal.objects.filter(need=need, status=Proposal.Status.PENDING).exists()
    assert Need.objects.get(pk=need.pk).status == Need.Status.WITHDRAWN


def test_favouring_more_people_is_a_run_setting(birthe):
    make_need()
    make_volunteer()
    result = run(birthe, prefer_more_matches=True)
    assert result.prefer_more_matches
    assert result.proposed_count == 1


def test_without_a_free_room_the_pair_is_pointed_to_a_nearby_outdoor_place(birthe):
    from maps.models import Facility, Layer

    trails = Layer.objects.get_or_create(slug="trails", defaults={"name_da": "Stier og ruter"})[0]
    Facility.objects.create(
        name="Naturstien ved Hedensted",
        layer=trails,
        wheelchair=True,
        geometry={"type": "Point", "coordinates": [9.7011, 55.7760]},
    )
    make_need()
    make_volunteer(km_north=1)
    run(birthe)
    proposal = Proposal.objects.get(status=Proposal.Status.PENDING)
    assert proposal.meeting["kind"] == "outdoor"
    assert proposal.meeting["name"] == "Naturstien ved Hedensted"
    from matching.reasons import describe_meeting

    assert describe_meeting(proposal.meeting).startswith("Udendørs: Naturstien ved Hedensted")


def test_a_volunteer_away_today_is_not_proposed_but_is_again_when_back(birthe):
    need = make_need()
    today = date.today()
    away = make_volunteer(
        km_north=1,
        availability_exceptions=[
            {
                "from": (today - timedelta(days=20)).isoformat(),
                "to": (today - timedelta(days=10)).isoformat(),
            },
            {
                "from": (today - timedelta(days=1)).isoformat(),
                "to": (today + timedelta(days=6)).isoformat(),
            },
        ],
    )
    other = make_volunteer(km_north=5)
    run(birthe)
    assert Proposal.objects.get(need=need, status=Proposal.Status.PENDING).volunteer == other
    assert not Proposal.objects.filter(volunteer=away).exists()


def _trail_near_hedensted():
    from maps.models import Facility, Layer

    trails = Layer.objects.get_or_create(slug="trails", defaults={"name_da": "Stier og ruter"})[0]
    Facility.objects.create(
        name="Naturstien ved Hedensted",
        layer=trails,
        wheelchair=True,
        geometry={"type": "Point", "coordinates": [9.7011, 55.7760]},
    )


def test_a_chosen_alternative_gets_its_meeting_place_like_a_run_proposal(birthe):
    _trail_near_hedensted()
    need = make_need()
    make_volunteer(km_north=0.5)
    second = make_volunteer(km_north=3)
    run(birthe)
    alternative = Proposal.objects.get(need=need, status=Proposal.Status.ALTERNATIVE)
    assert alternative.meeting == {}
    proposals.proposal_reject(
        proposal=Proposal.objects.get(need=need, status=Proposal.Status.PENDING),
        actor=birthe,
        reason="Nej",
    )
    proposals.proposal_promote(proposal=alternative, actor=birthe)
    alternative.refresh_from_db()
    assert alternative.volunteer == second
    assert alternative.meeting["kind"] == "outdoor"
    assert alternative.meeting["name"] == "Naturstien ved Hedensted"


def test_rejecting_with_an_alternative_makes_it_the_proposal_in_one_step(birthe):
    need = make_need()
    make_volunteer(km_north=0.5)
    make_volunteer(km_north=3)
    run(birthe)
    first = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    alternative = Proposal.objects.get(need=need, status=Proposal.Status.ALTERNATIVE)
    proposals.proposal_reject(proposal=first, actor=birthe, reason="Nej", alternative=alternative)
    first.refresh_from_db()
    alternative.refresh_from_db()
    assert first.status == Proposal.Status.REJECTED
    assert alternative.status == Proposal.Status.PENDING
    assert alternative.meeting["kind"] in {"room", "home", "outdoor"}
    assert Need.objects.get(pk=need.pk).status == Need.Status.PROPOSED
    chosen = AuditEntry.objects.get(action="matching.alternative_chosen")
    assert chosen.actor == birthe


def test_an_alternative_of_another_need_is_refused_and_nothing_changes(birthe):
    need = make_need()
    other = make_need(km_north=0.2)
    make_volunteer(km_north=0.5, capacity=2)
    make_volunteer(km_north=3, capacity=2)
    run(birthe)
    first = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    foreign = Proposal.objects.filter(need=other, status=Proposal.Status.ALTERNATIVE).first()
    with pytest.raises(ValidationError):
        proposals.proposal_reject(proposal=first, actor=birthe, reason="Nej", alternative=foreign)
    first.refresh_from_db()
    assert first.status == Proposal.Status.PENDING
