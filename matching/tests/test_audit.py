"""Every step of matching writes a named audit entry in the service that takes it, and the rows a
step changes in bulk (update() sends no signals) are named by id in that entry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, UserFactory, core_task
from matching.models import FollowUp, Match, Need, Proposal
from matching.services import follow_ups, matches, needs, proposals
from matching.tests.factories import accept_pending, active_match, make_need, make_volunteer, run

pytestmark = pytest.mark.django_db


def entry(action, **kw) -> AuditEntry:
    return AuditEntry.objects.get(action=action, **kw)


def need_with_an_alternative(birthe):
    """A need proposed to one volunteer, with the other as its alternative."""
    need = make_need()
    make_volunteer()
    make_volunteer(km_north=0.5)
    run(birthe)
    return need


def test_a_run_names_the_needs_it_proposed_the_ones_left_and_the_alternatives_it_replaced(birthe):
    proposed, alone = make_need(), make_need(kind="mentor")
    make_volunteer()
    make_volunteer(km_north=0.5)
    first = run(birthe)
    old_alternative = Proposal.objects.get(need=proposed, status=Proposal.Status.ALTERNATIVE)
    data = entry("matching.run", object_id=str(first.pk)).data
    assert data["proposed_needs"] == [proposed.pk]
    assert alone.pk in sum(data["unmatched_needs"].values(), [])
    assert data["alternatives_superseded"] == []
    assert entry("matching.run", object_id=str(first.pk)).actor == birthe

    Need.objects.filter(pk=proposed.pk).update(status=Need.Status.OPEN)  # as after a rejection
    Proposal.objects.filter(need=proposed, status=Proposal.Status.PENDING).update(
        status=Proposal.Status.REJECTED
    )
    second = run(birthe)
    assert entry("matching.run", object_id=str(second.pk)).data["alternatives_superseded"] == [
        old_alternative.pk
    ]
    old_alternative.refresh_from_db()
    assert old_alternative.status == Proposal.Status.SUPERSEDED


def test_accepting_a_proposal_names_the_alternatives_it_set_aside(birthe):
    need = need_with_an_alternative(birthe)
    alternative = Proposal.objects.get(need=need, status=Proposal.Status.ALTERNATIVE)
    pending = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    match = proposals.proposal_accept(proposal=pending, actor=birthe)
    data = entry("matching.proposal_accepted", object_id=str(pending.pk)).data
    assert data == {"match": match.pk, "alternatives_superseded": [alternative.pk]}


def test_rejecting_and_promoting_are_audited_with_the_reason(birthe):
    need = need_with_an_alternative(birthe)
    pending = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    proposals.proposal_reject(proposal=pending, actor=birthe, reason="Kender hinanden")
    assert entry("matching.proposal_rejected").data == {"reason": "Kender hinanden"}
    alternative = Proposal.objects.get(need=need, status=Proposal.Status.ALTERNATIVE)
    proposals.proposal_promote(proposal=alternative, actor=birthe)
    assert entry("matching.alternative_chosen").object_id == str(alternative.pk)


def test_withdrawing_a_need_names_the_proposals_it_set_aside(birthe):
    need = need_with_an_alternative(birthe)
    waiting = set(need.proposals.values_list("pk", flat=True))
    needs.need_withdraw(need=need, actor=birthe, reason="Flyttet")
    data = entry("matching.need_withdrawn").data
    assert set(data["proposals_superseded"]) == waiting and len(waiting) == 2
    assert not need.proposals.exclude(status=Proposal.Status.SUPERSEDED).exists()


def test_a_citizens_own_request_audits_her_details_and_the_need_and_the_review(birthe):
    user = UserFactory(first_name="Inger", last_name="Holm")
    core_task("social-omsorg")
    need = needs.need_request_submit(
        user=user,
        data={
            "street": "Vej 1",
            "postcode": "8722",
            "city": "Hedensted",
            "phone": "12345678",
            "kind": "visiting_friend",
            "consent": True,
            "hopes": "En at gå tur med",
            "times": ["1-afternoon"],
            "languages": ["da"],
        },
    )
    details = entry("matching.citizen_request_details")
    assert details.object_id == str(need.citizen_id) and details.actor == user
    assert entry("matching.need_created").data == {"source": Need.Source.CITIZEN}
    needs.need_review(need=need, actor=birthe)
    assert entry("matching.need_reviewed").actor == birthe


def test_consent_activation_follow_ups_and_the_end_are_audited(birthe):
    citizen = CitizenFactory(
        email="inger@example.dk", core_tasks=[core_task("social-omsorg")], lat=55.7716, lon=9.7011
    )
    _need, volunteer, match = active_match(birthe, citizen=citizen)
    assert AuditEntry.objects.filter(action="matching.consent_given").count() == 2
    due = sorted(f.due_on.isoformat() for f in FollowUp.objects.filter(match=match))
    assert sorted(entry("matching.match_active").data["follow_ups_due"]) == due
    follow_ups.follow_ups_remind(today=timezone.localdate() + timedelta(days=15))
    two_weeks = FollowUp.objects.get(match=match, stage="2w")
    reminded = entry("matching.follow_up_reminded")
    assert reminded.object_id == str(two_weeks.pk) and reminded.data == {"to": 2}
    follow_ups.follow_up_answer(
        follow_up=two_weeks,
        party="provider",
        actor=volunteer.user,
        met="2-3",
        going_well=4,
        wants_to_continue=True,
    )
    assert entry("matching.follow_up_answered").data == {"party": "provider"}
    matches.match_end(match=match, actor=birthe, outcome=Match.Outcome.GOAL_REACHED)
    assert entry("matching.match_ended").data == {"outcome": Match.Outcome.GOAL_REACHED}


def test_a_no_is_audited_with_the_party_that_said_it(birthe):
    make_need()
    volunteer = make_volunteer()
    run(birthe)
    match = accept_pending(birthe)
    matches.match_consent(match=match, party="provider", actor=volunteer.user, given=False)
    declined = entry("matching.consent_declined")
    assert declined.data == {"party": "provider", "via": "login"}
    assert declined.actor == volunteer.user
