from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.tests.factories import UserFactory, coordinator, core_task
from volunteers import services
from volunteers.models import HoursEntry, Volunteer, VolunteerNote
from volunteers.tests.factories import OpportunityFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["volunteers:opportunity-create", "volunteers:hours-approve", "volunteers:opportunity-mine"],
)
def test_a_volunteer_cannot_post_opportunities_or_approve_hours(client, name):
    client.force_login(VolunteerFactory().user)
    assert client.get(reverse(name)).status_code == 403


def test_someone_who_is_not_a_volunteer_has_no_volunteer_page(client):
    client.force_login(UserFactory())
    assert client.get(reverse("volunteers:mine")).status_code == 404
    assert client.get(reverse("volunteers:profile")).status_code == 404


def test_a_volunteer_edits_her_profile_and_a_new_postcode_moves_her_point(client):
    volunteer = VolunteerFactory(postcode="8722")
    before = (volunteer.lat, volunteer.lon)
    client.force_login(volunteer.user)
    page = client.get(reverse("volunteers:profile"))
    assert page.status_code == 200
    data = {
        "activities": ["driver"],
        "postcode": "7130",
        "travel_km": "15",
        "travel_mode": "car",
        "capacity": "1",
        "times": ["5-morning"],
    }
    assert client.post(reverse("volunteers:profile"), data).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.activities == ["driver"] and volunteer.travel_km == 15
    assert volunteer.availability == [{"day": 5, "start": "09:00", "end": "12:00"}]
    assert (volunteer.lat, volunteer.lon) != before


def test_the_dashboard_shows_the_matching_modules_sections(client):
    client.force_login(coordinator("social-omsorg"))
    body = client.get(reverse("volunteers:dashboard")).content.decode()
    assert "Åbne behov og hvor længe de har ventet" in body
    assert "forslag venter på godkendelse" in body
    assert "opfølgninger skal laves" in body


def test_coordinators_are_warned_before_a_child_certificate_runs_out(client):
    alice = coordinator("social-omsorg", email="alice@example.dk")
    VolunteerFactory(child_certificate_checked_on=date.today() - timedelta(days=350))
    VolunteerFactory(child_certificate_checked_on=date.today() - timedelta(days=10))
    call_command("volunteer_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [alice.email]
    assert "Børneattester udløber snart" in mail.outbox[0].subject


def test_a_volunteer_gets_one_mail_when_her_hours_are_approved(client):
    alice = coordinator("social-omsorg")
    volunteer = VolunteerFactory()
    for _ in range(3):
        services.hours_log(
            volunteer=volunteer,
            worked_on=timezone.localdate(),
            duration_min=60,
            core_task=core_task("social-omsorg"),
        )
    services.hours_decide_bulk(entries=HoursEntry.objects.all(), approve=True, actor=alice)
    assert len(mail.outbox) == 1 and "3.0" in mail.outbox[0].body.replace(",", ".")


def test_a_withdrawn_application_frees_its_place():
    opp = OpportunityFactory(places=1)
    a, b = VolunteerFactory.create_batch(2)
    application = services.application_create(opportunity_id=opp.pk, volunteer=a)
    services.application_withdraw(application=application)
    assert services.application_create(opportunity_id=opp.pk, volunteer=b)


def test_the_opportunity_list_and_map_data_do_not_grow_in_queries(
    client, django_assert_max_num_queries
):
    OpportunityFactory.create_batch(30)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("volunteers:opportunity-list"))
    assert page.status_code == 200 and "opportunity-points" in page.content.decode()


def test_statuses_are_the_ones_matching_reads():
    assert Volunteer.Status.ACTIVE == "active"


def test_a_volunteer_keeps_several_away_periods_adds_one_and_removes_one(client):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()

    def day(n):
        return (today + timedelta(days=n)).isoformat()

    volunteer = VolunteerFactory(
        availability_exceptions=[
            {"from": day(-40), "to": day(-30)},  # over: dropped
            {"from": day(10), "to": day(20)},
            {"from": day(50), "to": day(60)},
        ]
    )
    client.force_login(volunteer.user)
    page = client.get(reverse("volunteers:profile")).content.decode()
    assert "Perioder, hvor du er væk" in page and page.count('name="keep_away"') == 2
    data = {
        "activities": ["visiting_friend"],
        "postcode": "8722",
        "travel_km": "5",
        "travel_mode": "car",
        "capacity": "1",
        "keep_away": ["1"],  # keeps the second listed (day 50-60), drops day 10-20
        "away_from": day(90),
        "away_to": day(95),
    }
    assert client.post(reverse("volunteers:profile"), data).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.availability_exceptions == [
        {"from": day(50), "to": day(60)},
        {"from": day(90), "to": day(95)},
    ]


def test_a_coordinator_marks_a_note_done_and_a_bad_or_foreign_note_gets_a_message(client):

    birthe = coordinator("social-omsorg")
    volunteer, other = VolunteerFactory(), VolunteerFactory()
    note = services.volunteer_note_add(volunteer=volunteer, author=birthe, text="Ring tilbage")
    theirs = services.volunteer_note_add(volunteer=other, author=birthe, text="Andet")
    client.force_login(birthe)
    url = reverse("volunteers:volunteer-detail", args=[volunteer.pk])
    for junk in ["abc", str(theirs.pk), "99999999999999999999"]:
        response = client.post(url, {"what": "note_done", "note": junk}, follow=True)
        assert response.status_code == 200 and "Noten findes ikke." in response.text
    assert not VolunteerNote.objects.filter(done=True).exists()
    response = client.post(url, {"what": "note_done", "note": note.pk}, follow=True)
    assert "Noten er markeret som klaret." in response.text
    assert VolunteerNote.objects.get(pk=note.pk).done


def test_the_volunteer_page_names_the_weekdays_of_her_weekly_time(client):
    volunteer = VolunteerFactory(availability=[{"day": 0, "start": "09:00", "end": "12:00"}])
    client.force_login(coordinator("social-omsorg"))
    page = client.get(reverse("volunteers:volunteer-detail", args=[volunteer.pk])).text
    assert "mandag 09:00–12:00" in page
