"""Whoever posted an opportunity edits and closes it; waiting applicants are told."""

import pytest
from django.core import mail
from django.urls import reverse

from community.tests.factories import coordinator
from volunteers import services
from volunteers.models import Application, Opportunity
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def form_data(opportunity, **changes) -> dict:
    data = {
        "title": opportunity.title,
        "description": opportunity.description,
        "core_task": opportunity.core_task_id,
        "kind": opportunity.kind,
        "recurrence": opportunity.recurrence,
        "starts_at": opportunity.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": opportunity.ends_at.strftime("%Y-%m-%dT%H:%M"),
        "places": opportunity.places,
        "postcode": "8722",
    }
    data.update(changes)
    return data


def test_a_coordinator_edits_her_opportunity_but_not_below_the_places_taken(client, social):
    opportunity = OpportunityFactory(places=3)
    for _ in range(2):
        services.application_create(opportunity_id=opportunity.pk, volunteer=VolunteerFactory())
    client.force_login(social)
    url = reverse("volunteers:opportunity-edit", args=[opportunity.pk])
    assert client.post(url, form_data(opportunity, title="Sommerfest i parken")).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.title == "Sommerfest i parken"

    page = client.post(url, form_data(opportunity, places=1))
    assert page.status_code == 200 and "mindst så mange pladser" in page.text
    opportunity.refresh_from_db()
    assert opportunity.places == 3


def test_closing_refuses_new_applications_and_tells_those_waiting(client, social):
    opportunity = OpportunityFactory(places=3)
    waiting = VolunteerFactory(user__email="venter@example.dk")
    services.application_create(opportunity_id=opportunity.pk, volunteer=waiting)
    mail.outbox.clear()
    client.force_login(social)
    assert (
        "Luk opgaven"
        in client.get(reverse("volunteers:opportunity-manage", args=[opportunity.pk])).text
    )
    response = client.post(
        reverse("volunteers:opportunity-close", args=[opportunity.pk]), follow=True
    )
    assert "har fået besked" in response.text
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CLOSED
    assert Application.objects.get(volunteer=waiting).status == Application.Status.REJECTED
    assert [m.to for m in mail.outbox] == [["venter@example.dk"]]
    assert "er lukket" in mail.outbox[0].subject

    late = VolunteerFactory()
    client.force_login(late.user)
    assert (
        client.get(reverse("volunteers:opportunity-detail", args=[opportunity.pk])).status_code
        == 404
    )


def test_another_core_tasks_coordinator_can_neither_edit_nor_close(client):
    opportunity = OpportunityFactory()
    client.force_login(coordinator("beskaeftigelse"))
    assert (
        client.get(reverse("volunteers:opportunity-edit", args=[opportunity.pk])).status_code == 404
    )
    assert (
        client.post(reverse("volunteers:opportunity-close", args=[opportunity.pk])).status_code
        == 404
    )
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.OPEN
