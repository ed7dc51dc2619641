"""A citizen's record is erased on request by a coordinator of her core task, with a reason in the log."""

import pytest
from django.urls import reverse

from community.audit import citizen_label
from community.models import AuditEntry, Citizen
from community.tests.factories import (
    CitizenFactory,
    LocalAreaFactory,
    area_contact,
    coordinator,
    core_task,
)
from matching.models import Need
from matching.tests.factories import make_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def grethe():
    area = LocalAreaFactory()
    return CitizenFactory(
        first_name="Grethe", local_area=area, core_tasks=[core_task("social-omsorg")]
    )


def erase_url(citizen):
    return reverse("community:citizen-erase", args=[citizen.pk])


def test_a_coordinator_erases_a_citizen_with_her_needs_and_the_reason_is_logged(client, grethe):
    make_need(citizen=grethe)
    alice = coordinator("social-omsorg")
    client.force_login(alice)
    detail = client.get(
        reverse("community:citizen-detail", args=[grethe.pk]), {"purpose": "correction"}
    )
    assert "Slet borgerens oplysninger" in detail.text

    response = client.post(
        erase_url(grethe), {"reason": "Borgeren bad om det i telefonen", "confirm": "on"}
    )
    assert response.status_code == 302
    assert not Citizen.objects.filter(pk=grethe.pk).exists()
    assert not Need.objects.exists()
    entry = AuditEntry.objects.get(action="citizen.erased")
    assert entry.actor == alice and entry.data["reason"] == "Borgeren bad om det i telefonen"


def test_erasing_without_reason_or_confirmation_changes_nothing(client, grethe):
    client.force_login(coordinator("social-omsorg"))
    page = client.post(erase_url(grethe), {"reason": "", "confirm": ""})
    assert page.status_code == 200 and "Dette felt er påkrævet" in page.text
    assert Citizen.objects.filter(pk=grethe.pk).exists()


def test_only_a_coordinator_of_her_core_task_may_erase(client, grethe):
    client.force_login(coordinator("beskaeftigelse"))
    assert client.post(erase_url(grethe), {"reason": "x", "confirm": "on"}).status_code == 404

    client.force_login(area_contact(grethe.local_area))
    assert client.post(erase_url(grethe), {"reason": "x", "confirm": "on"}).status_code == 403
    assert Citizen.objects.filter(pk=grethe.pk).exists()


def test_the_audit_log_names_a_citizen_by_id_so_her_name_is_gone_after_erasure(client, grethe):
    alice = coordinator("social-omsorg")
    client.force_login(alice)
    client.get(reverse("community:citizen-detail", args=[grethe.pk]), {"purpose": "correction"})
    client.post(erase_url(grethe), {"reason": "Borgeren bad om det", "confirm": "on"})
    entries = AuditEntry.objects.filter(object_type="community.citizen", object_id=str(grethe.pk))
    assert {e.action for e in entries} >= {"citizen.read", "citizen.erased"}
    assert not AuditEntry.objects.filter(object_repr__contains="Grethe").exists()
    assert {e.object_repr for e in entries} == {citizen_label(grethe.pk)}
