"""The audit log names citizens by id: an administrator cannot find out from it who is a case."""

import importlib
import json

import pytest
from django.apps import apps
from django.urls import reverse

from community.models import AuditEntry, Role
from community.tests.factories import (
    CitizenFactory,
    UserFactory,
    administrator,
    core_task,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signe():
    return CitizenFactory(
        first_name="Signe", last_name="Dam", core_tasks=[core_task("social-omsorg")]
    )


@pytest.fixture
def ada():
    """Administrator of the platform, with no case role."""
    return administrator(email="ada@example.dk")


def every_row_as_text() -> str:
    rows = AuditEntry.objects.values("actor_label", "object_repr", "purpose", "data")
    return json.dumps(list(rows), ensure_ascii=False)


def test_reads_and_exports_of_a_citizen_are_logged_by_id_not_by_name(client, alice, signe):
    client.force_login(alice)
    client.get(reverse("community:citizen-detail", args=[signe.pk]), {"purpose": "visitation"})
    client.get(reverse("community:citizen-export"))
    rows = AuditEntry.objects.filter(object_type="community.citizen", object_id=str(signe.pk))
    assert set(rows.values_list("action", flat=True)) >= {"citizen.read", "citizen.exported"}
    assert set(rows.values_list("object_repr", flat=True)) == {f"Borger #{signe.pk}"}
    assert "Signe" not in every_row_as_text() and "Dam" not in every_row_as_text()


def test_the_audit_page_shows_citizens_by_id_only(client, alice, ada, signe):
    client.force_login(alice)
    client.get(reverse("community:citizen-detail", args=[signe.pk]), {"purpose": "visitation"})
    client.force_login(ada)
    page = client.get(reverse("community:audit-list"))
    assert page.status_code == 200
    assert f"Borger #{signe.pk}" in page.text and "Signe" not in page.text


def test_an_administrator_cannot_find_a_citizen_by_name_or_id_in_the_log(client, alice, ada, signe):
    client.force_login(alice)
    client.get(reverse("community:citizen-detail", args=[signe.pk]), {"purpose": "visitation"})
    client.force_login(ada)
    for q in ["Signe Dam", str(signe.pk), f"Borger #{signe.pk}"]:
        page = client.get(reverse("community:audit-list"), {"q": q})
        assert page.status_code == 200
        # The rows found, not the search form (whose list of kinds names "Borger" as one).
        rows = page.text.split("<tbody>", 1)[1]
        assert "community.citizen" not in rows and "citizen.read" not in rows, q
    admin_page = client.get(reverse("admin:community_auditentry_changelist"), {"q": str(signe.pk)})
    assert admin_page.status_code == 200 and f"Borger #{signe.pk}" not in admin_page.text
    by_url = client.get(
        reverse("admin:community_auditentry_changelist"), {"object_id": str(signe.pk)}
    )
    assert f"Borger #{signe.pk}" not in by_url.text


def test_a_searcher_who_may_see_the_citizen_finds_her_rows_by_id(client, alice, signe):
    Role.objects.create(user=alice, kind=Role.Kind.ADMIN)
    client.force_login(alice)
    client.get(reverse("community:citizen-detail", args=[signe.pk]), {"purpose": "visitation"})
    page = client.get(reverse("community:audit-list"), {"q": str(signe.pk)})
    assert "citizen.read" in page.text and f"Borger #{signe.pk}" in page.text


def test_a_citizen_reading_her_own_data_is_logged_by_her_id_not_her_e_mail(client):
    inger = UserFactory(email="inger.holm@example.dk")
    citizen = CitizenFactory(user=inger, first_name="Inger", last_name="Holm")
    client.force_login(inger)
    client.get(reverse("community:my-data"))
    entry = AuditEntry.objects.get(action="citizen.read")
    assert entry.actor_label == f"Borger #{citizen.pk}" and entry.actor == inger


def test_erasing_a_citizen_removes_every_trace_of_her_name_from_the_log(client, alice, ada):
    soeren = CitizenFactory(
        first_name="Søren", last_name="Ærø", core_tasks=[core_task("social-omsorg")]
    )
    # Traces a coordinator or administrator typed: a search of the log, a reason, an old-style row.
    client.force_login(ada)
    client.get(reverse("community:audit-list"), {"q": "Søren Ærø"})
    AuditEntry.objects.create(
        action="citizen.read",
        object_type="community.citizen",
        object_id=str(soeren.pk),
        object_repr="Søren Ærø",
        data={"note": ["ringede om Søren Ærø"]},
    )
    client.force_login(alice)
    response = client.post(
        reverse("community:citizen-erase", args=[soeren.pk]),
        {"reason": "Søren Ærø bad om det; Søren ringede selv", "confirm": "on"},
    )
    assert response.status_code == 302
    text = every_row_as_text()
    assert "Søren" not in text and "Ærø" not in text
    erased = AuditEntry.objects.get(action="citizen.erased")
    assert (
        erased.data["reason"] == f"Borger #{soeren.pk} bad om det; Borger #{soeren.pk} ringede selv"
    )


def test_the_data_migration_replaces_stored_citizen_names_by_their_id(signe):
    gone_pk = signe.pk + 1000  # a citizen erased before the migration ran
    AuditEntry.objects.all().delete()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action="citizen.read",
                object_type="community.citizen",
                object_id=str(signe.pk),
                object_repr="Signe Dam",
            ),
            AuditEntry(
                action="citizen.erased",
                object_type="community.citizen",
                object_id=str(gone_pk),
                object_repr="Bo Ørsted",
            ),
            AuditEntry(action="audit.searched", data={"query": {"q": "bo ørsted og Signe Dam"}}),
            AuditEntry(action="changed", object_type="community.coretask", object_repr="Læring"),
        ]
    )
    migration = importlib.import_module("community.migrations.0006_audit_citizen_names_to_ids")
    migration.names_to_ids(apps, None)
    assert set(
        AuditEntry.objects.filter(object_type="community.citizen").values_list(
            "object_repr", flat=True
        )
    ) == {f"Borger #{signe.pk}", f"Borger #{gone_pk}"}
    searched = AuditEntry.objects.get(action="audit.searched")
    assert searched.data == {"query": {"q": f"Borger #{gone_pk} og Borger #{signe.pk}"}}
    assert AuditEntry.objects.get(action="changed").object_repr == "Læring"


def test_a_reason_typed_about_a_citizens_need_is_logged_with_her_id_not_her_name(alice, signe):
    from matching.services.needs import need_withdraw
    from matching.tests.factories import make_need

    need = make_need(citizen=signe)
    need_withdraw(need=need, actor=alice, reason="Signe Dam er flyttet; signe ringer selv")
    entry = AuditEntry.objects.get(action="matching.need_withdrawn")
    assert entry.data["reason"] == f"Borger #{signe.pk} er flyttet; Borger #{signe.pk} ringer selv"
