"""Pages of the matching module: who sees what, forms, decisions, consent, figures and query counts."""

import pytest
from django.urls import reverse

from community.models import AuditEntry, Citizen, Role
from community.tests.factories import UserFactory, coordinator, core_task, with_role
from matching import selectors
from matching.models import Match, Need, Proposal
from matching.services import proposals
from matching.tests.factories import (
    accept_pending,
    active_match,
    make_need,
    make_volunteer,
    proposed,
    run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lars():
    """Coordinator of Læring: sees none of Social & Omsorg's needs."""
    return coordinator("laering", email="lars@example.dk")


def test_a_coordinator_sees_only_needs_of_her_core_task(client, birthe, lars):
    mine = make_need(hopes="Birthes borger")
    theirs = make_need(task="laering", hopes="Lars' borger")
    client.force_login(lars)
    response = client.get(reverse("matching:need-list"))
    assert response.status_code == 200
    assert str(theirs.citizen) in response.content.decode()
    assert str(mine.citizen) not in response.content.decode()
    assert client.get(reverse("matching:need-detail", args=[mine.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="citizen.read_denied", actor=lars).exists()
    client.force_login(birthe)
    response = client.get(reverse("matching:need-detail", args=[mine.pk]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(
        action="citizen.read", actor=birthe, object_id=str(mine.citizen_id)
    ).exists()


def test_a_coordinator_cannot_decide_on_another_core_tasks_proposals(client, birthe, lars):
    proposed(birthe)
    proposal = Proposal.objects.get(status=Proposal.Status.PENDING)
    client.force_login(lars)
    assert client.post(reverse("matching:proposal-accept", args=[proposal.pk])).status_code == 404
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING


def test_volunteers_and_citizens_cannot_open_coordinator_pages(client):
    karin = with_role(UserFactory(), Role.Kind.VOLUNTEER)
    client.force_login(karin)
    assert client.get(reverse("matching:need-list")).status_code == 403
    assert client.get(reverse("matching:overview")).status_code == 403


def test_the_coordinator_runs_matching_and_reads_the_reasons(client, birthe):
    make_need()
    make_volunteer(km_north=1.2)
    client.force_login(birthe)
    response = client.post(reverse("matching:run-create"), {"core_task": "", "local_area": ""})
    assert response.status_code == 302
    page = client.get(reverse("matching:proposal-list")).content.decode()
    assert "bor 1,2 km fra hinanden" in page
    assert "kan begge tirsdag eftermiddag" in page
    assert "interesserer sig begge for havearbejde" in page


def test_a_run_for_a_core_task_that_is_not_hers_changes_nothing(client, birthe):
    make_need()
    make_volunteer()
    client.force_login(birthe)
    response = client.post(reverse("matching:run-create"), {"core_task": core_task("laering").pk})
    assert response.status_code == 302
    assert not Proposal.objects.exists()


def test_accepting_and_rejecting_through_the_pages(client, birthe):
    proposed(birthe, n=2)
    first, second = Proposal.objects.filter(status=Proposal.Status.PENDING).order_by("pk")
    client.force_login(birthe)
    response = client.post(reverse("matching:proposal-accept", args=[first.pk]))
    match = Match.objects.get(proposal=first)
    assert response.url == reverse("matching:match-detail", args=[match.pk])
    response = client.post(reverse("matching:proposal-reject", args=[second.pk]), {"reason": ""})
    assert Proposal.objects.get(pk=second.pk).status == Proposal.Status.PENDING
    client.post(reverse("matching:proposal-reject", args=[second.pk]), {"reason": "Passer ikke"})
    assert Proposal.objects.get(pk=second.pk).status == Proposal.Status.REJECTED
    response = client.post(reverse("matching:proposal-accept", args=[second.pk]), follow=True)
    assert "allerede behandlet" in response.content.decode()


def test_the_volunteer_gives_consent_through_her_login_and_the_coordinator_records_the_citizens(
    client, birthe
):
    (need,), (volunteer,) = proposed(birthe)
    match = accept_pending(birthe)
    client.force_login(volunteer.user)
    page = client.get(reverse("matching:mine")).content.decode()
    assert "Vil du gerne mødes?" in page
    assert need.citizen.last_name not in page  # the volunteer sees the first name only
    client.post(reverse("matching:mine-consent", args=[match.pk]), {"given": "yes"})
    match.refresh_from_db()
    assert match.provider_consent_by == volunteer.user
    client.force_login(birthe)
    # The volunteer has answered herself: the coordinator cannot answer for her again.
    response = client.post(
        reverse("matching:match-consent", args=[match.pk]),
        {"party": "provider", "given": "no"},
        follow=True,
    )
    assert "Vælg hvem der har svaret" in response.content.decode()
    match.refresh_from_db()
    assert match.provider_consent_by == volunteer.user
    client.post(
        reverse("matching:match-consent", args=[match.pk]), {"party": "citizen", "given": "yes"}
    )
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE


def test_another_user_cannot_consent_for_the_volunteer(client, birthe):
    proposed(birthe)
    match = accept_pending(birthe)
    mallory = with_role(UserFactory(), Role.Kind.VOLUNTEER)
    client.force_login(mallory)
    assert (
        client.post(reverse("matching:mine-consent", args=[match.pk]), {"given": "yes"}).status_code
        == 404
    )
    assert Match.objects.get(pk=match.pk).provider_consent_at is None


def test_ending_a_match_needs_an_outcome(client, birthe):
    _need, _volunteer, match = active_match(birthe)
    client.force_login(birthe)
    client.post(reverse("matching:match-end", args=[match.pk]), {"outcome": "nonsense"})
    assert Match.objects.get(pk=match.pk).status == Match.Status.ACTIVE
    client.post(reverse("matching:match-end", args=[match.pk]), {"outcome": "goal_reached"})
    assert Match.objects.get(pk=match.pk).outcome == "goal_reached"


def test_a_citizen_asks_for_a_visiting_friend_in_plain_danish(client, birthe):
    inger = with_role(UserFactory(first_name="Inger", last_name="Madsen"), Role.Kind.CITIZEN)
    client.force_login(inger)
    page = client.get(reverse("matching:need-request")).content.decode()
    assert "Fortæl med dine egne ord" in page
    data = {
        "kind": "visiting_friend",
        "hopes": "Jeg vil gerne have en at drikke kaffe med",
        "times": ["1-afternoon", "3-morning"],
        "languages": ["da"],
        "street": "Skolegade 1",
        "postcode": "8722",
        "city": "Hedensted",
        "phone": "22334455",
    }
    response = client.post(reverse("matching:need-request"), data)
    assert response.status_code == 200
    assert "Vi kan kun hjælpe, hvis du siger ja" in response.content.decode()
    assert not Need.objects.exists()
    response = client.post(reverse("matching:need-request"), {**data, "consent": "on"})
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.status == Need.Status.REQUESTED
    assert need.availability == [
        {"day": 1, "start": "12:00", "end": "17:00"},
        {"day": 3, "start": "09:00", "end": "12:00"},
    ]
    assert Citizen.objects.get(user=inger).core_tasks.filter(slug="social-omsorg").exists()
    client.force_login(birthe)
    assert "Inger Madsen" in client.get(reverse("matching:need-list")).content.decode()


def test_nonsense_in_the_request_form_changes_nothing(client):
    inger = with_role(UserFactory(), Role.Kind.CITIZEN)
    client.force_login(inger)
    response = client.post(
        reverse("matching:need-request"),
        {"kind": "spaceship", "times": ["9-never"], "postcode": "abc", "consent": "on"},
    )
    assert response.status_code == 200
    assert not Need.objects.exists()


def test_the_request_form_offers_anonymous_visitors_the_short_form_and_a_log_in(client):
    response = client.get(reverse("matching:need-request"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Du behøver ikke en konto" in page
    assert "/accounts/login/" in page


def test_a_coordinator_creates_a_need_after_a_talk(client, birthe):
    from community.tests.factories import CitizenFactory

    citizen = CitizenFactory(core_tasks=[core_task("social-omsorg")], lat=55.77, lon=9.70)
    client.force_login(birthe)
    response = client.post(
        reverse("matching:need-create"),
        {
            "citizen": citizen.pk,
            "kind": "meal_buddy",
            "core_task": core_task("social-omsorg").pk,
            "hopes": "Spise sammen",
            "times": ["2-evening"],
            "languages": ["da"],
            "group_size": 1,
            "frequency": "weekly",
            "travel_km": 10,
            "consent": "on",
        },
    )
    need = Need.objects.get()
    assert response.url == reverse("matching:need-detail", args=[need.pk])
    assert need.status == Need.Status.OPEN
    assert need.lat == 55.77


def test_active_matches_are_counted_per_local_area(birthe, hedensted_areas):
    need, _volunteer, _match = active_match(birthe)
    need.refresh_from_db()
    assert need.local_area_id is not None
    assert selectors.active_matches_by_area() == {need.local_area_id: 1}


def test_the_figures_page_explains_unmatched_needs(client, birthe, django_assert_max_num_queries):
    proposed(birthe, n=2)
    make_need(km_north=60)
    run(birthe)
    accepted = Proposal.objects.filter(status=Proposal.Status.PENDING).first()
    proposals.proposal_accept(proposal=accepted, actor=birthe)
    client.force_login(birthe)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("matching:figures")).content.decode()
    assert "Ingen inden for rækkevidde" in page
    assert "100 %" in page


def test_the_reasons_read_in_english_when_english_is_chosen():
    from django.utils import translation

    from matching.reasons import describe_all

    facts = [
        {"code": "distance", "km": 1.2, "provider": "v"},
        {"code": "time", "day": 1, "minute": 13 * 60},
        {"code": "interests", "terms": ["havearbejde"]},
        {"code": "language", "language": "ar"},
    ]
    assert describe_all(facts) == [
        "bor 1,2 km fra hinanden",
        "kan begge tirsdag eftermiddag",
        "interesserer sig begge for havearbejde",
        "taler begge arabisk",
    ]
    with translation.override("en"):
        assert describe_all(facts) == [
            "live 1.2 km apart",
            "are both free on Tuesday afternoon",
            "are both interested in havearbejde",
            "both speak Arabic",
        ]


def test_a_citizen_sees_her_own_request_waiting_under_my_arrangements(client):
    from community.tests.factories import CitizenFactory

    inger = with_role(UserFactory(), Role.Kind.CITIZEN)
    citizen = CitizenFactory(user=inger, core_tasks=[core_task("social-omsorg")])
    make_need(citizen=citizen, status=Need.Status.REQUESTED, source=Need.Source.CITIZEN)
    client.force_login(inger)
    page = client.get(reverse("matching:mine")).content.decode()
    assert "vi har fået dit ønske og ringer til dig snart" in page


def test_rejecting_keeps_the_coordinator_in_the_queue_with_her_filters(client, birthe):
    proposed(birthe, n=1)
    pending = Proposal.objects.get(status=Proposal.Status.PENDING)
    client.force_login(birthe)
    task = core_task("social-omsorg").pk
    response = client.post(
        reverse("matching:proposal-reject", args=[pending.pk]) + f"?core_task={task}&side=1",
        {"reason": "Passer ikke"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == (
        reverse("matching:proposal-list") + f"?core_task={task}&side=1"
    )
    assert "Forslaget er afvist" in response.content.decode()


def test_picking_an_alternative_in_the_queue_makes_it_the_proposal_with_its_meeting_place(
    client, birthe
):
    need = make_need()
    make_volunteer(km_north=0.5)
    second = make_volunteer(km_north=3)
    run(birthe)
    first = Proposal.objects.get(need=need, status=Proposal.Status.PENDING)
    alternative = Proposal.objects.get(need=need, status=Proposal.Status.ALTERNATIVE)
    client.force_login(birthe)
    page = client.get(reverse("matching:proposal-list")).content.decode()
    assert "Vælg et alternativ" in page
    response = client.post(
        reverse("matching:proposal-reject", args=[first.pk]),
        {"reason": "Kender hinanden", "alternative": alternative.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("matching:proposal-list")
    body = response.content.decode()
    assert "alternativet venter nu på din godkendelse" in body
    assert str(second.user) in body
    assert "Forslag til mødested:" in body
    alternative.refresh_from_db()
    assert alternative.status == Proposal.Status.PENDING
