"""A coordinator sees only her own core task's citizens, through every door; every read is audited."""

import pytest
from django.urls import reverse

from community.models import AuditEntry
from community.tests.factories import (
    CitizenFactory,
    LocalAreaFactory,
    administrator,
    area_contact,
    coordinator,
    core_task,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob():
    """Coordinator of Beskæftigelse."""
    return coordinator("beskaeftigelse", email="bob@example.dk")


@pytest.fixture
def care_citizen():
    return CitizenFactory(
        first_name="Grethe", last_name="Omsorg", core_tasks=[core_task("social-omsorg")]
    )


@pytest.fixture
def job_citizen():
    return CitizenFactory(
        first_name="Jens", last_name="Jobsøger", core_tasks=[core_task("beskaeftigelse")]
    )


def test_a_coordinator_sees_only_citizens_of_her_core_task_in_the_list(
    client, alice, care_citizen, job_citizen
):
    client.force_login(alice)
    response = client.get(reverse("community:citizen-list"))
    assert response.status_code == 200
    assert "Grethe" in response.text
    assert "Jens" not in response.text


def test_opening_a_citizen_asks_for_the_purpose_first(client, alice, care_citizen):
    client.force_login(alice)
    response = client.get(reverse("community:citizen-detail", args=[care_citizen.pk]))
    assert response.status_code == 200
    assert "Hvorfor åbner du" in response.text
    assert "Følsom note" not in response.text
    assert not AuditEntry.objects.filter(action="citizen.read").exists()


def test_an_allowed_read_is_audited_with_its_purpose(client, alice, care_citizen):
    client.force_login(alice)
    response = client.get(
        reverse("community:citizen-detail", args=[care_citizen.pk]), {"purpose": "follow_up"}
    )
    assert response.status_code == 200
    assert "Følsom note" in response.text
    entry = AuditEntry.objects.get(action="citizen.read")
    assert (entry.actor, entry.object_id, entry.purpose) == (
        alice,
        str(care_citizen.pk),
        "follow_up",
    )


def test_a_coordinator_cannot_open_a_citizen_of_another_core_task_and_the_attempt_is_audited(
    client, alice, job_citizen
):
    client.force_login(alice)
    response = client.get(
        reverse("community:citizen-detail", args=[job_citizen.pk]), {"purpose": "matching"}
    )
    assert response.status_code == 404
    assert "Jobsøger" not in response.text
    denied = AuditEntry.objects.get(action="citizen.read_denied")
    assert denied.actor == alice
    assert denied.data["object_id"] == str(job_citizen.pk)
    assert not AuditEntry.objects.filter(action="citizen.read").exists()


def test_the_export_holds_only_her_citizens_and_audits_each_row(
    client, alice, bob, care_citizen, job_citizen
):
    client.force_login(alice)
    response = client.get(reverse("community:citizen-export"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "Grethe" in body and "Jens" not in body
    exported = AuditEntry.objects.filter(action="citizen.exported")
    assert list(exported.values_list("object_id", flat=True)) == [str(care_citizen.pk)]
    assert exported.get().actor == alice


def test_the_admin_does_not_let_a_coordinator_open_another_core_tasks_citizen(
    client, alice, job_citizen
):
    # Even a coordinator who somehow has staff status and model permissions is held to her scope.
    from django.contrib.auth.models import Permission

    alice.is_staff = True
    alice.save()
    alice.user_permissions.add(*Permission.objects.filter(codename__endswith="citizen"))
    client.force_login(alice)
    response = client.get(reverse("admin:community_citizen_change", args=[job_citizen.pk]))
    assert response.status_code in (302, 403, 404)
    assert "Jobsøger" not in response.text


def test_the_admin_citizen_list_is_scoped_and_reads_are_audited(client, care_citizen, job_citizen):
    # An administrator who is also coordinator of Social Omsorg uses the admin.
    from community.models import Role

    admin_user = administrator(email="ada@example.dk")
    Role.objects.create(
        user=admin_user, kind=Role.Kind.COORDINATOR, core_task=core_task("social-omsorg")
    )
    client.force_login(admin_user)
    listing = client.get(reverse("admin:community_citizen_changelist"))
    assert listing.status_code == 200
    assert "Grethe" in listing.text and "Jobsøger" not in listing.text
    assert (
        client.get(reverse("admin:community_citizen_change", args=[job_citizen.pk])).status_code
        == 404
    )
    assert AuditEntry.objects.filter(action="citizen.read_denied", actor=admin_user).count() == 1
    assert (
        client.get(reverse("admin:community_citizen_change", args=[care_citizen.pk])).status_code
        == 200
    )
    assert AuditEntry.objects.filter(
        action="citizen.read", actor=admin_user, object_id=str(care_citizen.pk)
    ).exists()


def test_an_administrator_without_a_case_role_sees_no_citizens(client, care_citizen):
    client.force_login(administrator())
    assert client.get(reverse("community:citizen-list")).status_code == 403
    listing = client.get(reverse("admin:community_citizen_changelist"))
    assert "Grethe" not in listing.text


def test_a_playmaker_sees_the_citizens_of_her_areas(client):
    mine, other = LocalAreaFactory(), LocalAreaFactory()
    CitizenFactory(first_name="Lokal", lat=mine.centroid_lat, lon=mine.centroid_lon)
    CitizenFactory(first_name="Fremmed", lat=other.centroid_lat, lon=other.centroid_lon)
    client.force_login(area_contact(mine))
    response = client.get(reverse("community:citizen-list"))
    assert "Lokal" in response.text and "Fremmed" not in response.text


def test_a_citizen_or_anonymous_visitor_cannot_reach_the_citizen_pages(client, care_citizen):
    from community.tests.factories import UserFactory

    response = client.get(reverse("community:citizen-export"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(reverse("community:citizen-export")).status_code == 403
    assert (
        client.get(
            reverse("community:citizen-detail", args=[care_citizen.pk]), {"purpose": "matching"}
        ).status_code
        == 403
    )


def test_the_citizen_list_runs_the_same_queries_whatever_the_number_of_citizens(
    client, alice, django_assert_max_num_queries
):
    CitizenFactory.create_batch(3, core_tasks=[core_task("social-omsorg")])
    client.force_login(alice)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("community:citizen-list"))
    CitizenFactory.create_batch(30, core_tasks=[core_task("social-omsorg")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("community:citizen-list"))
