import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from community.models import AuditEntry
from community.tests.factories import (
    AssociationFactory,
    CitizenFactory,
    UserFactory,
    association_rep,
    core_task,
)
from community.tests.threads import run_in_threads
from volunteers import notify, services
from volunteers.models import (
    Application,
    HoursEntry,
    NotificationPreference,
    Opportunity,
    Volunteer,
)
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

COORDINATOR_PAGES = [
    ("volunteers:dashboard", None),
    ("volunteers:volunteer-list", None),
    ("volunteers:export", None),
]


@pytest.mark.parametrize("name,args", COORDINATOR_PAGES)
def test_volunteers_and_citizens_cannot_open_coordinator_pages_or_exports(client, name, args):
    client.force_login(VolunteerFactory().user)
    assert client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_a_coordinator_sees_other_core_tasks_volunteers_but_changes_only_her_own(client, social):
    theirs = VolunteerFactory(core_tasks=[core_task("laering")], status="applied")
    mine = VolunteerFactory(status="talk")
    client.force_login(social)
    listing = client.get(reverse("volunteers:volunteer-list")).content.decode()
    assert theirs.user.last_name in listing and mine.user.last_name in listing
    page = client.get(reverse("volunteers:volunteer-detail", args=[theirs.pk]))
    assert page.status_code == 200 and "hører til en anden kerneopgave" in page.content.decode()
    url = reverse("volunteers:volunteer-detail", args=[theirs.pk])
    assert client.post(url, {"what": "status", "status": "approved"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "applied"
    url = reverse("volunteers:volunteer-detail", args=[mine.pk])
    assert client.post(url, {"what": "status", "status": "approved"}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == "approved" and mine.approved_at
    assert AuditEntry.objects.filter(action="volunteer.status").exists()


def test_a_coordinator_never_sees_another_core_tasks_citizens_through_the_dashboard(client, social):
    CitizenFactory(core_tasks=[core_task("laering")], first_name="Hemmelig")
    client.force_login(social)
    assert "Hemmelig" not in client.get(reverse("volunteers:dashboard")).content.decode()


def test_a_coordinator_with_two_core_tasks_picks_one_dashboard_and_not_someone_elses(
    client, social
):
    from community.models import Role

    Role.objects.create(user=social, kind=Role.Kind.COORDINATOR, core_task=core_task("laering"))
    client.force_login(social)
    laering = core_task("laering")
    page = client.get(reverse("volunteers:dashboard"), {"core_task": laering.pk})
    assert page.status_code == 200 and laering.name_da in page.content.decode()
    other = core_task("beskaeftigelse")
    assert client.get(reverse("volunteers:dashboard"), {"core_task": other.pk}).status_code == 404


def test_the_export_lists_what_the_coordinator_may_see_and_is_audited(client, social):
    VolunteerFactory.create_batch(3)
    client.force_login(social)
    response = client.get(reverse("volunteers:export"))
    assert response.status_code == 200
    lines = response.content.decode().strip().splitlines()
    assert len(lines) == 4
    assert AuditEntry.objects.filter(action="volunteer.export", actor=social).count() == 4


def test_an_association_representative_sees_only_her_own_applicants(client):
    association = AssociationFactory()
    rep = association_rep(association)
    opp = OpportunityFactory(association=association)
    applicant, stranger = VolunteerFactory(), VolunteerFactory()
    services.application_create(opportunity_id=opp.pk, volunteer=applicant)
    from community.access.volunteers import volunteers_visible_to

    assert list(volunteers_visible_to(rep)) == [applicant]
    assert stranger not in volunteers_visible_to(rep)
    client.force_login(rep)
    page = client.get(reverse("volunteers:opportunity-manage", args=[opp.pk]))
    assert page.status_code == 200 and applicant.user.last_name in page.content.decode()
    foreign = OpportunityFactory(association=AssociationFactory())
    assert (
        client.get(reverse("volunteers:opportunity-manage", args=[foreign.pk])).status_code == 404
    )
    assert client.get(reverse("volunteers:export")).status_code == 403


def test_a_coordinator_cannot_post_opportunities_for_another_core_task(client, social):
    client.force_login(social)
    start = timezone.localtime() + timedelta(days=3)
    data = {
        "title": "Kaffe",
        "description": "Kaffe og kage",
        "core_task": core_task("laering").pk,
        "kind": "one_off",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "places": "3",
        "postcode": "8722",
    }
    response = client.post(reverse("volunteers:opportunity-create"), data)
    assert response.status_code == 200 and "egne kerneopgaver" in response.content.decode()
    data["core_task"] = core_task("social-omsorg").pk
    assert client.post(reverse("volunteers:opportunity-create"), data).status_code == 302
    opp = Opportunity.objects.get()
    assert opp.local_area_id is None or opp.lat is not None
    assert opp.created_by == social


def test_applications_stop_at_the_number_of_places():
    opp = OpportunityFactory(places=2)
    a, b, c = VolunteerFactory.create_batch(3)
    services.application_create(opportunity_id=opp.pk, volunteer=a)
    services.application_create(opportunity_id=opp.pk, volunteer=b)
    with pytest.raises(ValidationError, match="ikke flere ledige pladser"):
        services.application_create(opportunity_id=opp.pk, volunteer=c)
    with pytest.raises(ValidationError, match="allerede søgt"):
        services.application_create(opportunity_id=opp.pk, volunteer=a)
    assert Application.objects.count() == 2


def test_an_applicant_who_is_not_approved_or_lacks_a_child_certificate_is_turned_away():
    opp = OpportunityFactory(requires_child_certificate=True)
    with pytest.raises(ValidationError, match="godkendt"):
        services.application_create(
            opportunity_id=opp.pk, volunteer=VolunteerFactory(status="applied")
        )
    old = VolunteerFactory(child_certificate_checked_on=date.today() - timedelta(days=400))
    with pytest.raises(ValidationError, match="børneattest"):
        services.application_create(opportunity_id=opp.pk, volunteer=old)
    fresh = VolunteerFactory(child_certificate_checked_on=date.today() - timedelta(days=10))
    assert services.application_create(opportunity_id=opp.pk, volunteer=fresh)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_places_hold_when_many_apply_at_the_same_moment():
    opp = OpportunityFactory(places=3)
    volunteers = VolunteerFactory.create_batch(12)

    def apply(v):
        try:
            services.application_create(opportunity_id=opp.pk, volunteer=v)
            return "ok"
        except ValidationError:
            return "full"

    outcomes = run_in_threads([lambda v=v: apply(v) for v in volunteers], workers=len(volunteers))
    assert outcomes.count("ok") == 3
    assert Application.objects.filter(opportunity=opp).count() == 3


def test_a_coordinator_approves_hours_in_bulk_only_for_her_core_task(client, social):
    mine = VolunteerFactory()
    today = timezone.localdate()
    own = [
        services.hours_log(
            volunteer=mine, worked_on=today, duration_min=90, core_task=core_task("social-omsorg")
        )
        for _ in range(3)
    ]
    foreign = services.hours_log(
        volunteer=mine, worked_on=today, duration_min=60, core_task=core_task("laering")
    )
    client.force_login(social)
    page = client.get(reverse("volunteers:hours-approve"))
    assert page.status_code == 200
    response = client.post(
        reverse("volunteers:hours-approve"),
        {"entries": [e.pk for e in own] + [foreign.pk], "decision": "approve"},
    )
    # A foreign entry in the form is refused as a whole: nothing changes.
    assert response.status_code == 200
    assert HoursEntry.objects.filter(status="approved").count() == 0
    response = client.post(
        reverse("volunteers:hours-approve"),
        {"entries": [e.pk for e in own], "decision": "approve", "confirmed": "1"},
    )
    assert response.status_code == 302
    assert HoursEntry.objects.filter(status="approved").count() == 3
    foreign.refresh_from_db()
    assert foreign.status == "pending"


def test_a_volunteer_cannot_log_hours_in_the_future(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    response = client.post(
        reverse("volunteers:hours-log"),
        {
            "worked_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "hours": "2",
            "core_task": core_task("social-omsorg").pk,
        },
    )
    assert response.status_code == 400 and "ikke er kommet" in response.content.decode()
    assert HoursEntry.objects.count() == 0


def test_the_approval_mail_is_in_the_volunteers_language_and_its_link_confirms_without_login(
    client, social
):
    volunteer = VolunteerFactory()
    NotificationPreference.objects.create(user=volunteer.user, language="en", kinds=["application"])
    opp = OpportunityFactory(title="Sommerfest")
    application = services.application_create(opportunity_id=opp.pk, volunteer=volunteer)
    mail.outbox.clear()
    services.application_decide(application=application, approve=True, actor=social)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "You have a place: Sommerfest"
    link = next(line for line in message.body.splitlines() if "/link/" in line).strip()
    path = link.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1" in link else link
    path = path[path.index("/frivillig/") :]
    assert client.get(path).status_code == 200
    application.refresh_from_db()
    assert application.confirmed_at is None  # a GET (a mail scanner) does nothing
    assert client.post(path).status_code == 200
    application.refresh_from_db()
    assert application.confirmed_at is not None
    assert client.post(path[:-3] + "xyz/").status_code == 400


def test_a_user_who_turned_a_kind_off_gets_no_such_mail(social):
    volunteer = VolunteerFactory(status="talk")
    NotificationPreference.objects.create(user=volunteer.user, language="da", kinds=[])
    services.volunteer_set_status(volunteer=volunteer, status="approved", actor=social)
    assert mail.outbox == []


def test_only_safe_actions_can_be_signed():
    with pytest.raises(ValueError):
        notify.action_token(action="approve_hours", user_id=1, object_id=1)


def test_the_dashboard_runs_the_same_number_of_queries_with_more_data(
    client, social, django_assert_num_queries
):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    def seed(n):
        volunteers = VolunteerFactory.create_batch(n, status="active")
        VolunteerFactory.create_batch(
            n, status="applied", child_certificate_checked_on=date.today() - timedelta(days=350)
        )
        for v in volunteers:
            services.hours_log(
                volunteer=v,
                worked_on=timezone.localdate(),
                duration_min=60,
                core_task=core_task("social-omsorg"),
            )
            services.volunteer_note_add(
                volunteer=v, author=social, text="Ring", remind_on=date.today()
            )

    from volunteers.selectors import forget_figures

    client.force_login(social)
    seed(2)
    client.get(reverse("volunteers:dashboard"))
    forget_figures()  # measure the cold page: every count is made again
    with CaptureQueriesContext(conn) as small:
        assert client.get(reverse("volunteers:dashboard")).status_code == 200
    seed(20)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(reverse("volunteers:dashboard"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Aktive frivillige uden en opgave" in body and "Vis tallene som tabel" in body
    # Warm: the counts come from the cache, only the short lists are read again.
    with CaptureQueriesContext(conn) as warm:
        client.get(reverse("volunteers:dashboard"))
    assert len(warm.captured_queries) < len(small.captured_queries)


def test_the_dashboard_counts_follow_every_change_at_once(client, social):
    """The counts are kept between visits, but never shown after what they count has changed."""
    client.force_login(social)
    volunteer = VolunteerFactory(status="active")

    def tile(label):
        # The page, not the context: a repeat view shows the main part kept in the cache.
        page = client.get(reverse("volunteers:dashboard")).text
        return re.search(r"<strong>([^<]*)</strong>" + label, page).group(1)

    def hours_shown():
        return tile("timer godkendt denne måned")

    assert hours_shown() == "0,0"
    entry = services.hours_log(
        volunteer=volunteer,
        worked_on=timezone.localdate(),
        duration_min=90,
        core_task=core_task("social-omsorg"),
    )
    assert hours_shown() == "0,0"  # logged, not yet approved
    services.hours_decide_bulk(
        entries=HoursEntry.objects.filter(pk=entry.pk), approve=True, actor=social
    )
    assert hours_shown() == "1,5"
    applicants = int(tile("nye ansøgere"))
    VolunteerFactory(status="applied")
    assert int(tile("nye ansøgere")) == applicants + 1


def test_volunteer_statuses_are_unchanged_for_issue_six():
    assert Volunteer.Status.values == ["applied", "talk", "approved", "active", "paused", "ended"]
    assert UserFactory
