"""Forms render through the one field template (templates/django/forms/field.html): a label per field,
the error next to it and tied to it, the value typed kept."""

import re

import pytest
from django.urls import reverse

from community.models import AuditEntry
from community.tests.factories import CitizenFactory, administrator, coordinator, core_task

pytestmark = pytest.mark.django_db


def test_the_purpose_question_is_one_fieldset_of_radio_buttons_with_every_purpose(client):
    alice = coordinator("social-omsorg", email="alice@example.dk")
    grethe = CitizenFactory(core_tasks=[core_task("social-omsorg")])
    client.force_login(alice)
    html = client.get(reverse("community:citizen-detail", args=[grethe.pk])).text
    fieldset = re.search(r"<fieldset[^>]*>(.*?)</fieldset>", html, re.S)
    assert fieldset and "Hvorfor åbner du borgerens oplysninger?" in fieldset.group(1)
    assert re.findall(r'<input type="radio" name="purpose" value="(\w+)"', fieldset.group(1)) == [
        "visitation",
        "matching",
        "follow_up",
        "correction",
        "citizen_request",
    ]
    assert "<option" not in html and 'for="None"' not in html


def test_the_audit_search_labels_every_field_and_keeps_what_was_typed(client):
    client.force_login(administrator())
    html = client.get(
        reverse("community:audit-list"), {"q": "alice", "date_from": "2026-11-01"}
    ).text
    for name in ["q", "action", "date_from", "date_to"]:
        assert f'for="id_{name}"' in html
    assert re.search(r'<input type="text" name="q" value="alice"[^>]*id="id_q"', html)
    # Browsers want ISO dates in a date input.
    assert re.search(r'<input type="date" name="date_from" value="2026-11-01"', html)


def test_a_date_the_audit_search_cannot_read_gets_a_message_by_its_field_and_filters_nothing(
    client,
):
    client.force_login(administrator())
    AuditEntry.objects.create(action="room.viewed", actor_label="bob")
    response = client.get(reverse("community:audit-list"), {"date_from": "2027-13-45"})
    assert response.status_code == 200
    html = response.text
    group = re.search(r'<div class="form-group form-error">(.*?)</div>', html, re.S).group(1)
    assert 'for="id_date_from"' in group
    assert '<span class="form-error-message" id="id_date_from_error">' in group
    assert 'aria-invalid="true" aria-errormessage="id_date_from_error"' in group
    assert "<td>room.viewed</td>" in html
