"""A coordinator approves, rejects and corrects hours: nothing ticked for her, a question before
anything changes, a reason with each rejection, an audited correction, only her core tasks."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import UserFactory, core_task
from volunteers import services
from volunteers.models import HoursEntry, NotificationKind, NotificationPreference
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

APPROVE = reverse("volunteers:hours-approve")


def worked(volunteer, minutes=90, task="social-omsorg", days_ago=1, description=""):
    return services.hours_log(
        volunteer=volunteer,
        worked_on=timezone.localdate() - timedelta(days=days_ago),
        duration_min=minutes,
        core_task=core_task(task),
        description=description,
    )


@pytest.fixture
def vera():
    """A volunteer who reads her mails in English."""
    vera = VolunteerFactory(user=UserFactory(first_name="Vera", last_name="Holm"))
    NotificationPreference.objects.create(
        user=vera.user, language="en", kinds=[k.value for k in NotificationKind]
    )
    return vera


@pytest.fixture
def karl():
    return VolunteerFactory(user=UserFactory(first_name="Karl", last_name="Berg"))


def test_no_entry_is_ticked_when_the_coordinator_opens_the_hours(client, social, vera, karl):
    worked(vera), worked(karl)
    client.force_login(social)
    page = client.get(APPROVE).text
    assert page.count('name="entries"') == 2
    assert "checked" not in page
    assert "Vælg alle" in page and "Vælg ingen" in page


def test_approving_with_nothing_ticked_says_so_and_changes_nothing(client, social, vera):
    worked(vera)
    client.force_login(social)
    response = client.post(APPROVE, {"decision": "approve", "confirmed": "1"})
    assert response.status_code == 200
    assert "Vælg de registreringer, du vil godkende eller afvise." in response.text
    assert HoursEntry.objects.get().status == "pending"


def test_approving_first_asks_how_many_entries_for_how_many_volunteers(client, social, vera, karl):
    chosen = [worked(vera), worked(vera, days_ago=2), worked(karl)]
    left = worked(karl, days_ago=3)
    client.force_login(social)
    question = client.post(APPROVE, {"entries": [e.pk for e in chosen], "decision": "approve"})
    assert question.status_code == 200
    assert "<h1>Godkend 3 registreringer for 2 frivillige?</h1>" in question.text
    assert HoursEntry.objects.filter(status="pending").count() == 4 and not mail.outbox

    done = client.post(
        APPROVE, {"entries": [e.pk for e in chosen], "decision": "approve", "confirmed": "1"}
    )
    assert done.status_code == 302
    assert set(HoursEntry.objects.filter(status="approved")) == set(chosen)
    left.refresh_from_db()
    assert left.status == "pending"
    assert len(mail.outbox) == 2


def test_the_question_counts_one_entry_in_the_singular(client, social, vera):
    entry = worked(vera)
    client.force_login(social)
    question = client.post(APPROVE, {"entries": [entry.pk], "decision": "reject"})
    assert "<h1>Afvis 1 registrering for 1 frivillig?</h1>" in question.text
    assert 'name="reason"' in question.text


def test_a_rejection_needs_a_reason_which_the_volunteer_is_mailed_in_her_language(
    client, social, vera
):
    entry = worked(vera, description="Kaffe")
    client.force_login(social)
    refused = client.post(APPROVE, {"entries": [entry.pk], "decision": "reject", "confirmed": "1"})
    assert refused.status_code == 200
    assert "Skriv hvorfor timerne afvises" in refused.text
    entry.refresh_from_db()
    assert entry.status == "pending" and not mail.outbox

    client.post(
        APPROVE,
        {
            "entries": [entry.pk],
            "decision": "reject",
            "confirmed": "1",
            "reason": "Kaffen var den 3., ikke den 2.",
        },
    )
    entry.refresh_from_db()
    assert entry.status == "rejected"
    assert entry.rejection_reason == "Kaffen var den 3., ikke den 2."
    [sent] = mail.outbox
    assert "Your coordinator's reason: Kaffen var den 3., ikke den 2." in sent.body
    assert "1.5 hours" in sent.body and "90 min" not in sent.body
    client.force_login(vera.user)
    assert "Kaffen var den 3., ikke den 2." in client.get(reverse("volunteers:mine")).text


def test_an_approval_mail_counts_hours_with_one_decimal(client, social):
    ole = VolunteerFactory()
    entry = worked(ole, minutes=150)
    services.hours_decide_bulk(
        entries=HoursEntry.objects.filter(pk=entry.pk), approve=True, actor=social
    )
    [sent] = mail.outbox
    assert "2,5 timer er godkendt" in sent.body


def test_a_coordinator_corrects_an_entry_and_the_old_and_new_values_are_audited(
    client, social, vera
):
    entry = worked(vera, minutes=90, days_ago=3, description="Kaffe")
    client.force_login(social)
    url = reverse("volunteers:hours-edit", args=[entry.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="1,5"' in form.text
    new_day = timezone.localdate() - timedelta(days=2)
    response = client.post(
        url,
        {
            "worked_on": new_day.isoformat(),
            "hours": "2,5",
            "description": "Kaffe og kage",
            "reason": "Du var der hele eftermiddagen",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.worked_on, entry.duration_min, entry.description) == (
        new_day,
        150,
        "Kaffe og kage",
    )
    audit = AuditEntry.objects.get(action="hours.corrected")
    assert audit.actor == social
    assert audit.data["from"] == {
        "worked_on": (new_day - timedelta(days=1)).isoformat(),
        "duration_min": 90,
        "description": "Kaffe",
    }
    assert audit.data["to"] == {
        "worked_on": new_day.isoformat(),
        "duration_min": 150,
        "description": "Kaffe og kage",
    }
    assert audit.data["reason"] == "Du var der hele eftermiddagen"
    client.force_login(vera.user)
    assert "<td>2,5 timer</td>" in client.get(reverse("volunteers:mine")).text


def test_the_volunteer_is_mailed_the_correction_and_the_coordinator_s_reason_in_her_language(
    client, social, vera
):
    entry = worked(vera, minutes=90, days_ago=3, description="Kaffe")
    client.force_login(social)
    client.post(
        reverse("volunteers:hours-edit", args=[entry.pk]),
        {
            "worked_on": entry.worked_on.isoformat(),
            "hours": "2,5",
            "description": "Kaffe",
            "reason": "You stayed for the whole afternoon",
        },
    )
    [sent] = mail.outbox
    assert sent.to == [vera.user.email]
    assert sent.subject == "Your coordinator has corrected your hours"
    assert "1.5 hours" in sent.body and "2.5 hours" in sent.body
    assert "Your coordinator's reason: You stayed for the whole afternoon" in sent.body
    assert reverse("volunteers:mine") in sent.body


def test_a_correction_without_a_reason_is_refused_at_the_field_and_changes_nothing(
    client, social, vera
):
    entry = worked(vera, minutes=90)
    client.force_login(social)
    response = client.post(
        reverse("volunteers:hours-edit", args=[entry.pk]),
        {"worked_on": entry.worked_on.isoformat(), "hours": "3", "reason": "  "},
    )
    assert response.status_code == 400
    assert "Skriv hvorfor du retter registreringen" in response.text
    entry.refresh_from_db()
    assert entry.duration_min == 90
    assert not AuditEntry.objects.filter(action="hours.corrected").exists()
    assert not mail.outbox


def test_a_correction_to_a_day_not_yet_come_is_refused(client, social, vera):
    entry = worked(vera)
    client.force_login(social)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("volunteers:hours-edit", args=[entry.pk]),
        {"worked_on": tomorrow.isoformat(), "hours": "2", "description": "", "reason": "Fejl"},
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.duration_min == 90
    assert not AuditEntry.objects.filter(action="hours.corrected").exists()


def test_a_coordinator_neither_sees_nor_decides_nor_corrects_hours_of_another_core_task(
    client, social, vera
):
    theirs = worked(vera, task="laering", description="Lektiecafé")
    client.force_login(social)
    assert "Lektiecafé" not in client.get(APPROVE).text
    refused = client.post(
        APPROVE, {"entries": [theirs.pk], "decision": "approve", "confirmed": "1"}
    )
    assert refused.status_code == 200
    url = reverse("volunteers:hours-edit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"worked_on": "2026-01-05", "hours": "5"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.duration_min) == ("pending", 90)


def test_a_volunteer_cannot_open_the_correction_page(client, vera):
    entry = worked(vera)
    client.force_login(vera.user)
    assert client.get(reverse("volunteers:hours-edit", args=[entry.pk])).status_code == 403


def test_the_volunteer_page_shows_her_approved_hours_with_one_decimal(client, social, vera):
    entry = worked(vera, minutes=90)
    services.hours_decide_bulk(
        entries=HoursEntry.objects.filter(pk=entry.pk), approve=True, actor=social
    )
    client.force_login(social)
    page = client.get(reverse("volunteers:volunteer-detail", args=[vera.pk])).text
    assert "<dd>1,5 timer</dd>" in page
