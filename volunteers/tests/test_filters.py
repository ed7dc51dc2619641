"""The coordinators' list filters of the volunteer module: each narrows the list, junk is ignored
with a message (never a 500), and paging keeps the filter in the address."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from community.models import Role
from community.tests.factories import UserFactory, coordinator, core_task, with_role
from volunteers import services
from volunteers.models import Volunteer
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def named(first, **fields):
    return VolunteerFactory(user=UserFactory(first_name=first, last_name="Jensen"), **fields)


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    """Birthe, who coordinates Social & Omsorg and Læring, and two volunteers the list tests only
    read: built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        birthe = coordinator("social-omsorg")
        with_role(birthe, Role.Kind.COORDINATOR, core_task=core_task("laering"))
        named(
            "Karen",
            status=Volunteer.Status.ACTIVE,
            interests="strik",
            core_tasks=[core_task("laering")],
        )
        named(
            "Ole",
            status=Volunteer.Status.APPLIED,
            interests="fiskeri",
            core_tasks=[core_task("social-omsorg")],
        )
        yield {"birthe": birthe}
        transaction.set_rollback(True)


@pytest.fixture
def social(client, people):
    """Birthe, logged in."""
    client.force_login(people["birthe"])
    return people["birthe"]


def listed(client, **query) -> str:
    response = client.get(reverse("volunteers:volunteer-list"), query)
    assert response.status_code == 200
    return response.text


def test_the_volunteer_list_searches_names_and_interests(client, social):
    assert "Ole" in listed(client, q="fisk") and "Karen" not in listed(client, q="fisk")
    assert "Karen" in listed(client, q="karen") and "Ole" not in listed(client, q="karen")


def test_the_volunteer_list_finds_a_volunteer_by_her_full_name(client, social):
    VolunteerFactory(user=UserFactory(first_name="Mette", last_name="Frivillig"))
    page = listed(client, q="Mette Frivillig")
    assert "Mette Frivillig" in page and "Karen" not in page
    assert "Mette Frivillig<" in listed(client, q="  frivillig   mette ")
    assert "Mette Frivillig<" not in listed(client, q="Mette Jensen")


def test_the_volunteer_list_shows_the_phone_number(client, social):
    VolunteerFactory(
        user=UserFactory(first_name="Mette", last_name="Frivillig", phone="+45 21436587")
    )
    assert 'href="tel:+4521436587">+45 21436587</a>' in listed(client, q="Mette")


def test_the_volunteer_list_narrows_to_a_status(client, social):
    page = listed(client, status="applied")
    assert "Ole" in page and "Karen" not in page
    assert 'for="id_status">Status</label>' in page  # a filter bar is optional throughout


def test_the_volunteer_list_narrows_to_a_core_task(client, social):
    page = listed(client, core_task=core_task("laering").pk)
    assert "Karen" in page and "Ole" not in page


@pytest.mark.parametrize(
    "query",
    [{"status": "slettet"}, {"core_task": "laering"}, {"core_task": "99999999999999999999"}],
)
def test_a_bad_volunteer_filter_is_ignored_with_a_message(client, social, query):
    page = listed(client, **query)
    assert "Karen" in page and "form-error-message" in page


def test_paging_the_volunteer_list_keeps_the_filter(client, social):
    for i in range(51):
        named(f"Frivillig{i:02d}", status=Volunteer.Status.ACTIVE)
    page = listed(client, status="active", q="Frivillig")
    assert "?status=active&amp;q=Frivillig&amp;side=2" in page
    second = listed(client, status="active", q="Frivillig", side=2)
    assert "Side 2 af 2" in second and "Frivillig50" in second


def test_the_export_takes_the_lists_core_task_and_ignores_junk(client, social):
    def names(**query):
        response = client.get(reverse("volunteers:export"), query)
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        return {row[1] for row in rows[1:]}

    assert names(core_task=core_task("laering").pk) == {"Karen"}
    assert names(core_task="x1") == {"Karen", "Ole"}


def test_a_dashboard_asked_for_junk_shows_her_first_core_task(client, social):
    response = client.get(reverse("volunteers:dashboard"), {"core_task": "abc"})
    assert response.status_code == 200
    assert "Frivilligoverblik" in response.text


def pending_hours(first, task, days_ago):
    volunteer = named(first, core_tasks=[core_task(task)])
    return services.hours_log(
        volunteer=volunteer,
        worked_on=timezone.localdate() - timedelta(days=days_ago),
        duration_min=60,
        core_task=core_task(task),
    )


def hours_page(client, **query) -> str:
    response = client.get(reverse("volunteers:hours-approve"), query)
    assert response.status_code == 200
    return response.text


def test_hours_to_approve_narrow_to_a_core_task(client, social):
    pending_hours("Karen", "laering", 1)
    pending_hours("Ole", "social-omsorg", 1)
    page = hours_page(client, core_task=core_task("laering").pk)
    assert "Karen Jensen" in page and "Ole Jensen" not in page


def test_hours_to_approve_narrow_to_the_days_worked(client, social):
    pending_hours("Karen", "laering", 10)
    pending_hours("Ole", "laering", 2)
    today = timezone.localdate()
    since = hours_page(client, worked_from=(today - timedelta(days=5)).isoformat())
    assert "Ole Jensen" in since and "Karen Jensen" not in since
    until = hours_page(client, worked_to=(today - timedelta(days=5)).isoformat())
    assert "Karen Jensen" in until and "Ole Jensen" not in until


@pytest.mark.parametrize(
    "query", [{"worked_from": "31.02.2027"}, {"worked_to": "i går"}, {"core_task": "-1"}]
)
def test_a_bad_hours_filter_is_ignored_with_a_message(client, social, query):
    pending_hours("Karen", "laering", 1)
    page = hours_page(client, **query)
    assert "Karen Jensen" in page and "form-error-message" in page


def test_approving_filtered_hours_touches_only_the_ones_shown_and_keeps_the_filter(client, social):
    karen = pending_hours("Karen", "laering", 1)
    ole = pending_hours("Ole", "social-omsorg", 1)
    url = reverse("volunteers:hours-approve") + f"?core_task={core_task('laering').pk}"
    response = client.post(url, {"entries": [karen.pk], "decision": "approve", "confirmed": "1"})
    assert response.status_code == 302 and response.url == url
    karen.refresh_from_db(), ole.refresh_from_db()
    assert (karen.status, ole.status) == ("approved", "pending")
    refused = client.post(url, {"entries": [ole.pk], "decision": "approve", "confirmed": "1"})
    assert refused.status_code == 200
    ole.refresh_from_db()
    assert ole.status == "pending"
