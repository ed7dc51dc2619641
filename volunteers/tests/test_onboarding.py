"""A volunteer's onboarding moves only along the allowed steps, and her page tells its history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from community.models import AuditEntry
from community.tests.factories import UserFactory, core_task
from volunteers import services
from volunteers.models import Volunteer
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def test_the_status_form_offers_only_the_next_steps(client, social):
    volunteer = VolunteerFactory(status="applied")
    client.force_login(social)
    page = client.get(reverse("volunteers:volunteer-detail", args=[volunteer.pk])).text
    assert 'option value="talk"' in page and 'option value="ended"' in page
    assert 'value="approved"' not in page and 'value="active"' not in page


def test_a_coordinator_cannot_skip_the_talk(client, social):
    volunteer = VolunteerFactory(status="applied")
    client.force_login(social)
    url = reverse("volunteers:volunteer-detail", args=[volunteer.pk])
    response = client.post(url, {"what": "status", "status": "approved"})
    assert response.status_code == 200 and "form-error-message" in response.text
    volunteer.refresh_from_db()
    assert volunteer.status == "applied" and volunteer.approved_at is None
    assert not AuditEntry.objects.filter(action="volunteer.status").exists()


def test_the_service_refuses_a_step_that_is_not_allowed(social):
    volunteer = VolunteerFactory(status="ended")
    with pytest.raises(ValidationError):
        services.volunteer_set_status(volunteer=volunteer, status="active", actor=social)
    services.volunteer_set_status(volunteer=volunteer, status="applied", actor=social)
    assert Volunteer.objects.get(pk=volunteer.pk).status == "applied"


def test_the_volunteers_page_shows_who_changed_her_status_when(client, social):
    volunteer = services.volunteer_sign_up(
        user=UserFactory(first_name="Mette", last_name="Frivillig"),
        data={"postcode": "8722"},
        core_tasks=[core_task("social-omsorg")],
    )
    client.force_login(social)
    url = reverse("volunteers:volunteer-detail", args=[volunteer.pk])
    assert client.post(url, {"what": "status", "status": "talk"}).status_code == 302
    page = client.get(url).text
    name = social.get_full_name() or social.email
    assert f"{name} ændrede status fra Har søgt til Samtale aftalt" in page
    assert "Mette Frivillig meldte sig som frivillig" in page
    assert 'option value="approved"' in page
