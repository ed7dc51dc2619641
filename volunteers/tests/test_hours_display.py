import pytest
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import coordinator, core_task
from volunteers import services
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vera_worked_ninety_minutes():
    vera = VolunteerFactory()
    services.hours_log(
        volunteer=vera,
        worked_on=timezone.localdate(),
        duration_min=90,
        core_task=core_task("social-omsorg"),
    )
    return vera


@pytest.mark.parametrize("language, shown", [("da", "1,5 timer"), ("en", "1.5 hours")])
def test_a_volunteer_sees_her_hour_and_a_half_as_one_and_a_half_hours(
    client, vera_worked_ninety_minutes, language, shown
):
    client.force_login(vera_worked_ninety_minutes.user)
    client.cookies["django_language"] = language
    page = client.get(reverse("volunteers:mine")).content.decode()
    assert f"<td>{shown}</td>" in page
    assert "<td>2</td>" not in page


def test_a_coordinator_sees_hours_to_approve_and_their_sums_in_hours(
    client, vera_worked_ninety_minutes
):
    client.force_login(coordinator("social-omsorg", email="birthe@example.dk"))
    page = client.get(reverse("volunteers:hours-approve")).content.decode()
    assert "<td>1,5 timer</td>" in page
    assert "<td>90</td>" not in page
