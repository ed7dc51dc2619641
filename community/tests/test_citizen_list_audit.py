"""Every citizen a list, search, picker or export shows is audited as a read, in one insert per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import AuditEntry, Role
from community.tests.factories import CitizenFactory, administrator, core_task

pytestmark = pytest.mark.django_db


def care_citizens(n: int, **kwargs):
    return [CitizenFactory(core_tasks=[core_task("social-omsorg")], **kwargs) for _ in range(n)]


def listed(actor, purpose):
    return set(
        AuditEntry.objects.filter(
            action="citizen.listed", actor=actor, purpose=purpose
        ).values_list("object_id", flat=True)
    )


def test_every_citizen_on_a_page_of_the_list_is_audited_with_the_purpose_list(client, alice):
    citizens = sorted(care_citizens(55), key=lambda c: (c.last_name, c.first_name))
    CitizenFactory(core_tasks=[core_task("beskaeftigelse")])  # not hers: neither shown nor logged
    client.force_login(alice)
    assert client.get(reverse("community:citizen-list")).status_code == 200
    assert listed(alice, "list") == {str(c.pk) for c in citizens[:50]}
    client.get(reverse("community:citizen-list"), {"side": 2})
    assert listed(alice, "list") == {str(c.pk) for c in citizens}


def test_a_search_of_the_list_audits_the_citizens_it_finds_with_the_purpose_search(client, alice):
    care_citizens(3)
    [found] = care_citizens(1, first_name="Signe", last_name="Dam")
    client.force_login(alice)
    page = client.get(reverse("community:citizen-list"), {"q": "Dam"})
    assert "Signe Dam" in page.text
    assert listed(alice, "search") == {str(found.pk)}
    assert "Dam" not in str(list(AuditEntry.objects.values_list("data", flat=True)))


def inserts_into_the_log(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("community:citizen-list")).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    return len(sql), sum(1 for s in sql if s.startswith("INSERT") and "auditentry" in s)


def test_auditing_a_page_takes_one_insert_whatever_the_number_of_citizens(client, alice):
    care_citizens(3)
    client.force_login(alice)
    client.get(reverse("community:citizen-list"))  # what every page reads once (the municipality)
    few_queries, few_inserts = inserts_into_the_log(client)
    care_citizens(40)
    many_queries, many_inserts = inserts_into_the_log(client)
    assert few_inserts == many_inserts == 1
    assert many_queries == few_queries
    assert AuditEntry.objects.filter(action="citizen.listed").count() == 3 + 3 + 43


def test_the_export_audits_every_row_through_the_same_helper(client, alice):
    citizens = care_citizens(4)
    client.force_login(alice)
    assert client.get(reverse("community:citizen-export")).status_code == 200
    exported = AuditEntry.objects.filter(action="citizen.exported", purpose="export")
    assert set(exported.values_list("object_id", flat=True)) == {str(c.pk) for c in citizens}


def test_the_admin_citizen_list_audits_the_citizens_it_shows(client):
    ada = administrator(email="ada@example.dk")
    Role.objects.create(user=ada, kind=Role.Kind.COORDINATOR, core_task=core_task("social-omsorg"))
    citizens = care_citizens(3)
    client.force_login(ada)
    assert client.get(reverse("admin:community_citizen_changelist")).status_code == 200
    assert listed(ada, "list") == {str(c.pk) for c in citizens}
    client.get(reverse("admin:community_citizen_changelist"), {"q": citizens[0].last_name})
    assert listed(ada, "search") == {str(citizens[0].pk)}


def test_the_new_need_form_audits_the_citizens_its_picker_offers(client, alice):
    citizens = care_citizens(2)
    client.force_login(alice)
    page = client.get(reverse("matching:need-create"))
    assert page.status_code == 200 and str(citizens[0]) in page.text
    assert listed(alice, "matching") == {str(c.pk) for c in citizens}


def test_a_volunteers_own_matches_page_audits_the_citizens_it_names(client):
    from matching.models import Match
    from matching.tests.factories import make_need, make_volunteer

    need = make_need(citizen=CitizenFactory(first_name="Signe"))
    volunteer = make_volunteer()
    Match.objects.create(
        need=need, volunteer=volunteer, core_task=need.core_task, status=Match.Status.ACTIVE
    )
    client.force_login(volunteer.user)
    page = client.get(reverse("matching:mine"))
    assert page.status_code == 200 and "Signe" in page.text
    assert listed(volunteer.user, "matching") == {str(need.citizen_id)}
