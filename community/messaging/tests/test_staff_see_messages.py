"""Staff see the mails sent to a person on that person's page; a failed mail shows, not hidden."""

import pytest
from django.urls import reverse

from community.messaging import send_message
from community.messaging.models import Outbox
from community.tests.factories import CitizenFactory, administrator, coordinator, core_task
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

INVITATION = {
    "council": {"name": "Lokalrådet i Uldum"},
    "link": "https://x.example.dk/",
    "days": 14,
}


def failed(**kwargs) -> Outbox:
    return Outbox.objects.create(
        status="failed", attempts=5, last_error="SMTPDataError: (554, b'nej')", **kwargs
    )


def test_birthe_sees_each_mail_to_the_volunteer_with_its_kind_time_and_status(client):
    birthe = coordinator("social-omsorg", email="birthe@example.dk")
    vera = VolunteerFactory(user__email="vera@example.dk")
    send_message("localareas.council_invitation", vera.user, INVITATION)
    failed(user=vera.user, email="vera@example.dk", kind="volunteers.hours_decided", language="da")
    failed(email="andre@example.dk", kind="volunteers.new_application", language="da")
    client.force_login(birthe)
    page = client.get(reverse("volunteers:volunteer-detail", args=[vera.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "E-mails til den frivillige" in text
    assert "Invitation til lokalråd" in text and "Sendt " in text
    assert "Timer godkendt eller afvist" in text and "Fejlet efter 5 forsøg" in text
    assert "Ny ansøgning" not in text  # another person's mail


def test_a_coordinator_sees_the_mails_to_a_citizen_without_a_login_by_her_address(client):
    alice = coordinator("social-omsorg", email="alice@example.dk")
    signe = CitizenFactory(email="signe@example.dk", core_tasks=[core_task("social-omsorg")])
    send_message("matching.follow_up_due", "signe@example.dk", {})
    send_message("matching.follow_up_due", "karl@example.dk", {})
    client.force_login(alice)
    page = client.get(
        reverse("community:citizen-detail", args=[signe.pk]), {"purpose": "visitation"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "E-mails til borgeren" in text
    assert text.count("Opfølgning på en aftale") == 1


def test_an_administrator_lists_the_failed_mails_in_the_admin(client):
    ada = administrator(email="ada@example.dk")
    failed(email="fejl@example.dk", kind="booking.received", language="da")
    send_message("localareas.council_invitation", "fint@example.dk", INVITATION)
    client.force_login(ada)
    page = client.get(reverse("admin:messaging_outbox_changelist"), {"status__exact": "failed"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "fejl@example.dk" in text and "fint@example.dk" not in text


def test_erasing_a_citizen_removes_the_mails_to_her_and_keeps_other_peoples():
    from community.services import citizen_erase

    alice = coordinator("social-omsorg", email="alice@example.dk")
    signe = CitizenFactory(email="signe@example.dk", core_tasks=[core_task("social-omsorg")])
    send_message("matching.follow_up_due", "signe@example.dk", {})
    send_message("matching.follow_up_due", "karl@example.dk", {})
    citizen_erase(citizen=signe, actor=alice, reason="Hun bad om det")
    assert list(Outbox.objects.values_list("email", flat=True)) == ["karl@example.dk"]
