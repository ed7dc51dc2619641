"""Every write of the volunteer module leaves a named audit entry from the service that makes it;
the bulk hour decision and closing an opportunity name every row they change."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import core_task
from volunteers import services
from volunteers.models import Application, HoursEntry, NotificationKind, Volunteer
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def entry(action, **kw) -> AuditEntry:
    return AuditEntry.objects.get(action=action, **kw)


def test_a_visitors_sign_up_audits_the_account_and_the_profile():
    volunteer = services.volunteer_sign_up(
        account={
            "email": "grethe@example.dk",
            "password": "En-god-adgangskode-42",
            "first_name": "Grethe",
            "last_name": "Hansen",
        },
        data={"postcode": "8722", "activities": ["visiting_friend"]},
        core_tasks=[core_task("social-omsorg")],
    )
    assert entry("account.created").actor == volunteer.user
    signed = entry("volunteer.signed_up")
    assert signed.object_id == str(volunteer.pk) and signed.actor == volunteer.user
    assert signed.data == {"core_tasks": [core_task("social-omsorg").pk], "new_account": True}


def test_a_profile_change_and_a_status_change_are_audited_with_who_made_them(social):
    volunteer = VolunteerFactory()
    services.volunteer_update(
        volunteer=volunteer, data={"interests": "fiskeri"}, core_tasks=[core_task("laering")]
    )
    assert entry("volunteer.updated").data == {"fields": ["interests"]}
    assert entry("volunteer.updated").actor == volunteer.user
    services.volunteer_set_status(volunteer=volunteer, status="active", actor=social)
    assert entry("volunteer.status").data == {"from": "approved", "to": "active"}


def test_notes_are_audited_and_a_note_of_another_volunteer_cannot_be_closed(social):
    volunteer, other = VolunteerFactory(), VolunteerFactory()
    remind = timezone.localdate() + timedelta(days=3)
    note = services.volunteer_note_add(
        volunteer=volunteer, author=social, text="Ring", remind_on=remind
    )
    assert entry("volunteer.note_added").data == {"note": note.pk, "remind_on": remind.isoformat()}
    with pytest.raises(services.ValidationError):
        services.volunteer_note_done(volunteer=other, note_id=note.pk, actor=social)
    note.refresh_from_db()
    assert not note.done and not AuditEntry.objects.filter(action="volunteer.note_done").exists()
    services.volunteer_note_done(volunteer=volunteer, note_id=note.pk, actor=social)
    assert entry("volunteer.note_done").data == {"note": note.pk}


def test_an_opportunitys_life_is_audited_and_closing_names_the_applications_it_refused(social):
    opportunity = services.opportunity_create(
        created_by=social,
        data={
            "title": "Sommerfest",
            "description": "Hjælp til borde",
            "core_task": core_task("social-omsorg"),
            "starts_at": timezone.now() + timedelta(days=7),
            "ends_at": timezone.now() + timedelta(days=7, hours=3),
            "places": 3,
            "postcode": "8722",
        },
    )
    assert entry("opportunity.created").object_id == str(opportunity.pk)
    services.opportunity_update(opportunity=opportunity, data={"places": 4}, actor=social)
    assert entry("opportunity.updated").actor == social
    waiting = [
        services.application_create(opportunity_id=opportunity.pk, volunteer=VolunteerFactory())
        for _ in range(2)
    ]
    assert AuditEntry.objects.filter(action="application.created").count() == 2
    services.opportunity_close(opportunity=opportunity, actor=social)
    closed = entry("opportunity.closed").data
    assert closed == {"waiting": 2, "applications_rejected": sorted(a.pk for a in waiting)}


def test_an_application_decided_confirmed_and_withdrawn_is_audited(social):
    volunteer = VolunteerFactory()
    application = services.application_create(
        opportunity_id=OpportunityFactory().pk, volunteer=volunteer
    )
    services.application_decide(application=application, approve=True, actor=social)
    approved = entry("application.approved")
    assert approved.actor == social and approved.data["volunteer_activated"] is True
    assert Volunteer.objects.get(pk=volunteer.pk).status == Volunteer.Status.ACTIVE
    services.application_confirm(application=application)
    services.application_confirm(application=application)  # twice: one change, one entry
    assert entry("application.confirmed").actor == volunteer.user
    services.application_withdraw(application=application)
    assert entry("application.withdrawn").data == {"from": Application.Status.APPROVED}


def test_logged_hours_and_the_bulk_decision_name_every_entry(social):
    volunteer = VolunteerFactory()
    logged = [
        services.hours_log(
            volunteer=volunteer,
            worked_on=timezone.localdate(),
            duration_min=60,
            core_task=core_task("social-omsorg"),
        )
        for _ in range(3)
    ]
    assert AuditEntry.objects.filter(action="hours.logged", actor=volunteer.user).count() == 3
    count = services.hours_decide_bulk(
        entries=HoursEntry.objects.filter(pk__in=[e.pk for e in logged]), approve=True, actor=social
    )
    decided = entry("hours.decide")
    assert count == 3 and decided.actor == social
    assert decided.data == {"status": "approved", "ids": [e.pk for e in logged], "count": 3}


def test_e_mail_choices_are_audited(social):
    volunteer = VolunteerFactory()
    services.preference_update(
        user=volunteer.user, language="en", kinds=[NotificationKind.HOURS, "findes-ikke"]
    )
    assert entry("preference.updated").data == {"language": "en", "kinds": ["hours"]}
    services.preference_unsubscribe(user=volunteer.user, kind=NotificationKind.HOURS)
    assert entry("preference.unsubscribed").data == {"kind": "hours"}


def test_the_export_audits_each_row_and_the_export(social):
    volunteers = [VolunteerFactory() for _ in range(2)]
    header, rows = services.volunteers_export(actor=social, volunteers=Volunteer.objects.all())
    assert [r[0] for r in rows] == [v.pk for v in volunteers] and header[0] == "Nummer"
    assert entry("volunteer.export", object_id="").data == {"rows": 2, "core_task": ""}
    assert AuditEntry.objects.filter(action="volunteer.export").exclude(object_id="").count() == 2
