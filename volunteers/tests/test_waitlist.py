"""A full opportunity has a waiting list: a freed place is offered by e-mail to the first waiting,
who takes it or lets it go to the next; every step is audited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import UserFactory
from volunteers import services, waitlist
from volunteers.models import Application, NotificationPreference, WaitlistEntry
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def person(first, language="da"):
    volunteer = VolunteerFactory(user=UserFactory(first_name=first, email=f"{first}@example.dk"))
    NotificationPreference.objects.create(
        user=volunteer.user, language=language, kinds=["application"]
    )
    return volunteer


@pytest.fixture
def full():
    """An opportunity with one place, taken by Anna."""
    opportunity = OpportunityFactory(places=1, title="Sommerfest")
    anna = person("anna")
    application = services.application_create(opportunity_id=opportunity.pk, volunteer=anna)
    return opportunity, application


def test_a_volunteer_joins_the_waiting_list_of_a_full_opportunity_and_sees_it(client, full):
    opportunity, _ = full
    bente = person("bente")
    client.force_login(bente.user)
    page = client.get(reverse("volunteers:opportunity-detail", args=[opportunity.pk])).text
    assert "Skriv mig på ventelisten" in page and "Søg opgaven" not in page
    response = client.post(reverse("volunteers:waitlist-join", args=[opportunity.pk]), follow=True)
    assert "Du står nu på ventelisten" in response.text
    assert "Mine ventelister" in response.text and "Sommerfest" in response.text
    entry = WaitlistEntry.objects.get(volunteer=bente)
    assert entry.status == "waiting"
    assert AuditEntry.objects.filter(action="waitlist.joined", object_id=str(entry.pk)).exists()
    client.post(reverse("volunteers:waitlist-leave", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == "left"


def test_an_opportunity_with_a_free_place_has_no_waiting_list(client):
    opportunity = OpportunityFactory(places=1)
    bente = person("bente")
    client.force_login(bente.user)
    client.post(reverse("volunteers:waitlist-join", args=[opportunity.pk]))
    assert not WaitlistEntry.objects.exists()


def test_when_a_place_frees_up_the_first_waiting_gets_the_offer_by_mail(
    full, django_capture_on_commit_callbacks
):
    opportunity, application = full
    bente, carl = person("bente", language="en"), person("carl")
    waitlist.waitlist_join(opportunity_id=opportunity.pk, volunteer=bente)
    waitlist.waitlist_join(opportunity_id=opportunity.pk, volunteer=carl)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=application)
    assert [m.to for m in mail.outbox] == [["bente@example.dk"]]
    assert "There is a place for you: Sommerfest" == mail.outbox[0].subject
    assert reverse("volunteers:mine") in mail.outbox[0].body
    entry = WaitlistEntry.objects.get(volunteer=bente)
    assert entry.status == "offered" and entry.offer_expires_at > timezone.now()
    # The place is held for her: Carl cannot take it with an application.
    with pytest.raises(services.ValidationError):
        services.application_create(opportunity_id=opportunity.pk, volunteer=carl)
    taken = waitlist.waitlist_accept(entry=entry)
    assert taken.status == Application.Status.PENDING and taken.volunteer == bente
    assert AuditEntry.objects.filter(action="waitlist.accepted").exists()


def test_saying_no_thanks_or_letting_the_offer_lapse_passes_the_place_on(
    full, django_capture_on_commit_callbacks
):
    opportunity, application = full
    bente, carl, dorte = person("bente"), person("carl"), person("dorte")
    for v in (bente, carl, dorte):
        waitlist.waitlist_join(opportunity_id=opportunity.pk, volunteer=v)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=application)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        waitlist.waitlist_leave(entry=WaitlistEntry.objects.get(volunteer=bente))
    assert [m.to for m in mail.outbox] == [["carl@example.dk"]]
    WaitlistEntry.objects.filter(volunteer=carl).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist.waitlist_lapse_offers() == 1
    assert [m.to for m in mail.outbox] == [["dorte@example.dk"]]
    assert WaitlistEntry.objects.get(volunteer=carl).status == "expired"
    with pytest.raises(services.ValidationError):
        waitlist.waitlist_accept(entry=WaitlistEntry.objects.get(volunteer=carl))


def test_more_places_are_offered_to_the_waiting_list(full, django_capture_on_commit_callbacks):
    opportunity, _ = full
    bente = person("bente")
    waitlist.waitlist_join(opportunity_id=opportunity.pk, volunteer=bente)
    with django_capture_on_commit_callbacks(execute=True):
        services.opportunity_update(opportunity=opportunity, data={"places": 2}, actor=None)
    assert WaitlistEntry.objects.get(volunteer=bente).status == "offered"
