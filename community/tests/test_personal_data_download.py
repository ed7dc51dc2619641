"""'Mine oplysninger' as a file a program can read (GDPR art. 20): stable English keys, typed values,
codes with their labels, a version, and a JSON Schema in the repository that every download meets."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bookings import services as booking_services
from community.models import Role
from community.tests.factories import (
    AssociationFactory,
    CitizenFactory,
    LocalAreaFactory,
    RoomFactory,
    UserFactory,
    coordinator,
    core_task,
    with_role,
)
from hearings.tests.factories import answer_data, make_hearing
from localareas.models_workspace import (
    AreaResource,
    ContactLogEntry,
    CoordinationMeeting,
    MeetingDecision,
)
from matching.models import FollowUp, FollowUpAnswer, Match
from matching.tests.factories import make_need, make_volunteer
from volunteers.models import (
    Application,
    HoursEntry,
    NotificationKind,
    NotificationPreference,
    VolunteerNote,
)
from volunteers.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "personal-data.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def people(client):
    """Inger (a citizen with a need, a match, a follow-up answer and a hearing answer), Karl (a
    volunteer with notes, an application, hours and e-mail choices) and Birthe (a coordinator and
    playmaker who also books rooms for her association and sits in coordination meetings)."""
    area = LocalAreaFactory(name="Testby", slug="testby")
    task = core_task("social-omsorg")
    birthe = coordinator("social-omsorg", email="birthe@example.dk", first_name="Birthe")
    with_role(birthe, Role.Kind.AREA_CONTACT, local_area=area)
    club = AssociationFactory(name="Løsning Fællesspisning")
    with_role(birthe, Role.Kind.ASSOCIATION_REP, association=club)

    inger = UserFactory(email="inger@example.dk", first_name="Inger", last_name="Madsen")
    citizen = CitizenFactory(
        user=inger,
        first_name="Inger",
        birth_date=date(1941, 3, 9),
        notes="Savner selskab",
        retain_until=timezone.localdate() + timedelta(days=900),
        core_tasks=[task],
    )
    with_role(inger, Role.Kind.CITIZEN)
    need = make_need(citizen=citizen, languages=["da", "en"], hopes="En at gå tur med")

    karl = UserFactory(email="karl@example.dk", first_name="Karl", last_name="Frivillig")
    volunteer = make_volunteer(user=karl, interests="fuglekig og kaffe", languages=["da", "de"])
    match = Match.objects.create(
        need=need, volunteer=volunteer, core_task=task, status=Match.Status.ACTIVE
    )
    follow_up = FollowUp.objects.create(
        match=match, stage=FollowUp.Stage.choices[0][0], due_on=timezone.localdate()
    )
    FollowUpAnswer.objects.create(
        follow_up=follow_up,
        party=FollowUpAnswer.Party.choices[0][0],
        answered_by=inger,
        met=FollowUpAnswer.Met.choices[0][0],
        going_well=4,
        wants_to_continue=True,
        comment="Vi går tur hver tirsdag",
    )
    VolunteerNote.objects.create(
        volunteer=volunteer, author=birthe, text="Ringer i næste uge", remind_on=date(2027, 1, 4)
    )
    Application.objects.create(
        opportunity=OpportunityFactory(title="Sommerfest", local_area=area),
        volunteer=volunteer,
        message="Jeg kan bage",
    )
    HoursEntry.objects.create(
        volunteer=volunteer, core_task=task, duration_min=150, worked_on=date(2026, 11, 2)
    )
    NotificationPreference.objects.create(
        user=karl, kinds=[NotificationKind.HOURS, NotificationKind.REMINDER]
    )

    day = timezone.localdate() + timedelta(days=10)
    booking_services.booking_create(
        room=RoomFactory(name="Salen"),
        starts_at=booking_services.at_local(day, time(17)),
        ends_at=booking_services.at_local(day, time(19)),
        booked_by=birthe,
        association=club,
        title="Bestyrelsesmøde",
        head_count=8,
    )
    resource = AreaResource.objects.create(
        area=area,
        kind=AreaResource.Kind.PERSON,
        name="Birthe Holm",
        email="birthe@example.dk",
        verified_at=timezone.localdate(),
    )
    resource.core_tasks.set([task])
    ContactLogEntry.objects.create(
        area=area,
        resource=resource,
        contacted_on=timezone.localdate(),
        spoke_with="Birthe",
        summary="Vil gerne stå for kaffen.",
    )
    meeting = CoordinationMeeting.objects.create(
        held_on=date(2026, 11, 20), place="Uldum", agenda="Vinterens aktiviteter"
    )
    meeting.attendees.set([birthe])
    MeetingDecision.objects.create(
        meeting=meeting, text="Birthe finder lokaler", owner=birthe, due_on=date(2026, 12, 15)
    )

    hearing = make_hearing(area=area)
    client.force_login(inger)
    answered = client.post(reverse("hearings:detail", args=[hearing.pk]), answer_data(hearing))
    assert answered.status_code in (200, 302)
    client.logout()
    return {"inger": inger, "karl": karl, "birthe": birthe}


def download(client, user, language="da"):
    client.force_login(user)
    client.cookies.load({"django_language": language})  # as the language button sets it
    with translation.override("da"):  # the request switches this thread's language: switch back
        response = client.get(reverse("community:my-data"), {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


SECTIONS = {
    "inger": {
        "account",
        "citizen",
        "needs",
        "matches",
        "follow_up_answers",
        "hearing_answers",
        "retention",
    },
    "karl": {
        "account",
        "volunteer_profile",
        "volunteer_notes",
        "volunteer_applications",
        "volunteer_hours",
        "email_preferences",
        "matches",
        "retention",
    },
    "birthe": {
        "account",
        "bookings",
        "area_resources",
        "area_contacts",
        "coordination_meetings",
        "meeting_decisions",
        "retention",
    },
}


def _keys(value, path=""):
    """Every key path in a document: what a program reading it relies on."""
    if isinstance(value, dict):
        return {
            p for key, v in value.items() for p in {f"{path}/{key}"} | _keys(v, f"{path}/{key}")
        }
    if isinstance(value, list):
        return {p for v in value for p in _keys(v, f"{path}[]")}
    return set()


@pytest.mark.parametrize("name", ["inger", "karl", "birthe"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_a_citizens_a_volunteers_and_a_staff_members_download_meets_the_shipped_schema(
    client, people, validator, name, language
):
    data = download(client, people[name], language)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]
    assert errors == []
    assert set(data["sections"]) == SECTIONS[name]
    assert data["version"] == "1.0" and data["language"] == language


def test_values_are_typed_numbers_booleans_iso_times_and_codes_with_labels(client, people):
    inger = download(client, people["inger"])["sections"]
    assert inger["citizen"]["records"][0]["birth_date"] == "1941-03-09"
    need = inger["needs"]["records"][0]
    assert need["step_free"] is False and isinstance(need["lat"], float)
    assert need["languages"] == [
        {"value": "da", "label": "dansk"},
        {"value": "en", "label": "engelsk"},
    ]
    answers = inger["hearing_answers"]["records"][0]["answers"]
    assert [a["number"] for a in answers] == [None, 4] and answers[0]["choices"] == ["Legeplads"]

    karl = download(client, people["karl"])["sections"]
    hours = karl["volunteer_hours"]["records"][0]
    assert hours["duration_min"] == 150 and hours["worked_on"] == "2026-11-02"
    assert hours["status"] == {"value": "pending", "label": "Venter på godkendelse"}

    booking = download(client, people["birthe"])["sections"]["bookings"]["records"][0]
    starts_at = datetime.fromisoformat(booking["starts_at"])
    assert starts_at.tzinfo is not None and starts_at.utcoffset() == timedelta(hours=1)
    assert (starts_at.hour, starts_at.minute) == (17, 0)
    assert booking["head_count"] == 8 and booking["price_dkk"] == 0
    assert booking["status"] == {"value": "confirmed", "label": "Bekræftet"}
    assert booking["room"]["label"].endswith("Salen") and isinstance(booking["room"]["id"], int)


def test_the_keys_stay_the_same_in_english_and_only_the_labels_change(client, people):
    danish = download(client, people["karl"], "da")
    english = download(client, people["karl"], "en")
    assert _keys(danish) == _keys(english)
    assert danish["sections"]["matches"]["records"][0]["status"] == {
        "value": "active",
        "label": "Aktiv",
    }
    assert english["sections"]["matches"]["records"][0]["status"] == {
        "value": "active",
        "label": "Active",
    }
    assert english["sections"]["volunteer_hours"]["title"] == "Your hours"


def test_the_schema_refuses_values_written_as_page_text(client, people, validator):
    data = download(client, people["birthe"])
    assert validator.is_valid(data)

    def booking(d):
        return d["sections"]["bookings"]["records"][0]

    wrong = {
        "a display date": lambda d: booking(d).update(starts_at="13.12.2026 17:00"),
        "a time without its offset": lambda d: booking(d).update(ends_at="2026-12-13T19:00:00"),
        "a number as text": lambda d: booking(d).update(head_count="8"),
        "a status by its label only": lambda d: booking(d).update(status="Bekræftet"),
        "a label as key": lambda d: booking(d).update({"Antal personer": 8}),
        "a yes as text": lambda d: d["sections"]["meeting_decisions"]["records"][0].update(
            due_on="Ja"
        ),
        "no version": lambda d: d.pop("version"),
    }
    for name, change in wrong.items():
        broken = json.loads(json.dumps(data))
        change(broken)
        assert not validator.is_valid(broken), name


def test_the_page_stays_readable_text(client, people):
    client.force_login(people["birthe"])
    page = client.get(reverse("community:my-data")).text
    assert "Bekræftet" in page and "confirmed" not in page
    assert "Bestyrelsesmøde" in page and "Foreningsrepræsentant" in page
    assert "Ændret" in page and "Modified" not in page and "Sequence" not in page
    client.force_login(people["inger"])
    page = client.get(reverse("community:my-data")).text
    assert "Hvad ønsker du dig mest?" in page and "Legeplads" in page
    assert "09.03.1941" in page and "1941-03-09" not in page
    assert '"question"' not in page
