"""A child certificate counts for 365 days from its check, and every place that reads it agrees:
matching, applications, the volunteer's page, the dashboard and an association's declaration."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from community.access.bookings import certificate_is_current
from community.tests.factories import AssociationFactory, CitizenFactory, coordinator, core_task
from matching.models import Need, Proposal
from matching.services import needs, runs
from matching.tests.factories import make_activity, make_volunteer
from volunteers import selectors, services
from volunteers.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def birthe():
    return coordinator("social-omsorg", email="birthe@example.dk")


def child_need(birthe, kind="mentor") -> Need:
    today = timezone.localdate()
    child = CitizenFactory(
        birth_date=today - timedelta(days=10 * 365), core_tasks=[core_task("social-omsorg")]
    )
    return needs.need_create(
        actor=birthe,
        citizen=child,
        source=Need.Source.TALK,
        consent=True,
        kind=kind,
        core_task=core_task("social-omsorg"),
        availability=[{"day": 1, "start": "13:00", "end": "16:00"}],
        lat=55.7716,
        lon=9.7011,
    )


@pytest.mark.parametrize("days_old,counts", [(365, True), (366, False)])
def test_every_reader_of_a_volunteers_certificate_agrees_on_its_last_day(
    client, birthe, days_old, counts
):
    today = timezone.localdate()
    volunteer = make_volunteer(
        activities=["mentor"],
        age_groups=["children"],
        child_certificate_checked_on=today - timedelta(days=days_old),
    )
    need = child_need(birthe)
    runs.matching_run(actor=birthe, core_task_ids={core_task("social-omsorg").pk})
    proposed = Proposal.objects.filter(need=need, volunteer=volunteer).exists()

    opportunity = OpportunityFactory(requires_child_certificate=True)
    try:
        services.application_create(opportunity_id=opportunity.pk, volunteer=volunteer)
        applied = True
    except ValidationError:
        applied = False

    expiring = selectors.dashboard(core_task_id=core_task("social-omsorg").pk)["expiring"]

    client.force_login(birthe)
    page = client.get(reverse("volunteers:volunteer-detail", args=[volunteer.pk])).text
    last_day = volunteer.child_certificate_expires_on

    assert (proposed, applied, volunteer in expiring) == (counts, counts, counts)
    assert volunteer.child_certificate_state(today) == ("expiring" if counts else "expired")
    if counts:
        assert last_day == today and "Advarsel: børneattesten udløber" in page
    else:
        assert last_day == today - timedelta(days=1) and "udløbet" in page
        assert "gyldig til" not in page


@pytest.mark.parametrize("days_old,counts", [(365, True), (366, False)])
def test_matching_and_bookings_agree_on_an_associations_declaration(birthe, days_old, counts):
    declared = timezone.localdate() - timedelta(days=days_old)
    club = AssociationFactory(works_with_children=True, child_certificate_declared_on=declared)
    meal = make_activity(association=club, seats=5)
    need = child_need(birthe, kind="shared_meal")
    runs.matching_run(actor=birthe, core_task_ids={core_task("social-omsorg").pk})
    assert Proposal.objects.filter(need=need, activity=meal).exists() is counts
    assert certificate_is_current(club) is counts
