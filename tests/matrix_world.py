"""The access matrix's two scopes of real objects: A (the users' own) and B (another's, with markers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

from django.utils import timezone

from bookings.models import Booking, BookingSeries, Door, DoorCode, WaitlistEntry
from community.models import ImportRun, Role
from community.tests.factories import (
    AssociationFactory,
    BuildingFactory,
    CitizenFactory,
    LocalAreaFactory,
    LocalCouncilFactory,
    RoomFactory,
    UserFactory,
    administrator,
    area_contact,
    association_rep,
    coordinator,
    core_task,
    council_member,
    with_role,
)
from hearings.models import Answer, Follower, Response
from hearings.publishing import unfollow_token
from hearings.services import confirm_token
from hearings.tests.factories import make_hearing
from localareas.models import CouncilInvitation
from localareas.models_workspace import (
    AreaResource,
    ContactLogEntry,
    CoordinationMeeting,
    MeetingDecision,
    Project,
)
from localareas.services import invitation_token
from maps.models import Facility, Layer, ProblemReport
from maps.services import layers_seed
from matching.models import FollowUp, Match, MatchRun, Proposal
from matching.services.notify import answer_token
from matching.tests.factories import make_activity, make_need, make_volunteer
from volunteers.models import Application, HoursEntry, Opportunity, VolunteerNote
from volunteers.notify import action_token

# Private text of scope B's objects, by kind. Public things (area, council, room, association, facility
# and hearing names) carry no marker: everyone may see them.
B_MARKERS = {
    "citizen": "Bjarne-B-Borger-7731",
    "citizen_note": "B-borgernote-7731",
    "need": "B-behov-7732",
    "volunteer": "Birte-B-Frivillig-7734",
    "volunteer_note": "B-frivillignote-7733",
    "booking": "B-booking-7735",
    "series": "B-fastbooking-7744",
    "door_code": "77350912",
    "resource": "B-ressourcenote-7736",
    "contact": "B-kontaktlog-7737",
    "project": "B-projektmaal-7738",
    "problem": "B-problem-7739",
    "answer": "B-hoeringssvar-7740",
    "application": "B-ansoegning-7741",
    "hours": "B-timer-7742",
    "match": "B-aftalenote-7743",
    "proposal": "B-forslag-7745",
    "rep_email": "bent-b-rep-7746@example.dk",
}


@dataclass
class Scope:
    """The objects of one scope; URL kwargs are filled from these."""

    name: str
    task: object = None
    area: object = None
    council: object = None
    association: object = None
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, item):
        try:
            return self.__dict__["objects"][item]
        except KeyError:
            raise AttributeError(item) from None


def _marker(scope: str, kind: str, fallback: str) -> str:
    return B_MARKERS[kind] if scope == "B" else fallback


def _build_scope(name: str, *, task_slug: str, lon: float) -> Scope:
    m = lambda kind, text: _marker(name, kind, text)  # noqa: E731
    s = Scope(name=name)
    s.task = core_task(task_slug)
    s.area = LocalAreaFactory(
        name=f"Område {name}", slug=f"omraade-{name.lower()}", lon=lon, lat=55.76
    )
    s.council = LocalCouncilFactory(
        name=f"Lokalråd {name}", slug=f"lokalraad-{name.lower()}", areas=[s.area]
    )
    s.association = AssociationFactory(name=f"Forening {name}", lat=55.77, lon=lon + 0.01)
    inside = {"lat": 55.77, "lon": lon + 0.01}
    o = s.objects

    # The eight roles (anonymous needs no user); B's users own B's objects.
    o["citizen_user"] = with_role(UserFactory(), Role.Kind.CITIZEN)
    o["citizen"] = CitizenFactory(
        first_name="Bjarne" if name == "B" else "Anne",
        last_name=m("citizen", f"{name}-Borger"),
        notes=m("citizen_note", f"{name}-note"),
        user=o["citizen_user"],
        core_tasks=[s.task],
        **inside,
    )
    volunteer_user = UserFactory(
        first_name=m("volunteer", f"Frivillig-{name}"), last_name=f"Frivillig {name}"
    )
    o["volunteer"] = make_volunteer(user=volunteer_user, tasks=(task_slug,), **inside)
    o["rep"] = association_rep(
        s.association, email=m("rep_email", f"rep-{name.lower()}@example.dk")
    )
    o["coordinator"] = coordinator(task_slug)
    o["playmaker"] = area_contact(s.area)
    o["council_member"] = council_member(s.council)
    s.users = {
        "citizen": o["citizen_user"],
        "volunteer": volunteer_user,
        "rep": o["rep"],
        "coordinator": o["coordinator"],
        "playmaker": o["playmaker"],
        "council": o["council_member"],
    }
    o["council_role"] = Role.objects.get(user=o["council_member"], kind=Role.Kind.COUNCIL_MEMBER)

    # Rooms and bookings
    o["building"] = BuildingFactory(name=f"Bygning {name}", **inside)
    o["room"] = RoomFactory(building=o["building"], name=f"Lokale {name}", lock_enabled=True)
    o["door"] = Door.objects.create(room=o["room"], name=f"Hoveddør {name}", secret_hash="x" * 64)
    starts = timezone.now().replace(microsecond=0) + timedelta(days=10)
    o["booking"] = Booking.objects.create(
        room=o["room"],
        booked_by=o["rep"],
        association=s.association,
        title=m("booking", f"Booking {name}"),
        note=m("booking", f"Bookingnote {name}"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=Booking.Status.PENDING,
    )
    # Door codes come with confirmation: a second, confirmed booking has one.
    o["confirmed_booking"] = Booking.objects.create(
        room=o["room"],
        booked_by=o["rep"],
        association=s.association,
        title=m("booking", f"Booking {name}"),
        starts_at=starts + timedelta(days=1),
        ends_at=starts + timedelta(days=1, hours=2),
        status=Booking.Status.CONFIRMED,
    )
    DoorCode.objects.create(
        booking=o["confirmed_booking"],
        code=m("door_code", "12340000" if name == "A" else "00000000"),
        valid_from=starts + timedelta(days=1, minutes=-15),
        valid_until=starts + timedelta(days=1, hours=2, minutes=15),
    )
    first = timezone.localdate() + timedelta(days=14)
    o["series"] = BookingSeries.objects.create(
        room=o["room"],
        booked_by=o["rep"],
        association=s.association,
        title=m("series", f"Fast booking {name}"),
        weekday=first.weekday(),
        start_time=time(18, 0),
        end_time=time(20, 0),
        first_date=first,
        last_date=first + timedelta(weeks=4),
    )
    # The confirmed booking is the series' first week: a series is seen through its bookings.
    Booking.objects.filter(pk=o["confirmed_booking"].pk).update(series=o["series"])
    WaitlistEntry.objects.create(
        room=o["room"], user=o["rep"], starts_at=starts, ends_at=starts + timedelta(hours=1)
    )

    # Volunteers
    o["opportunity"] = Opportunity.objects.create(
        title=f"Opgave {name}",
        description=f"Sommerfest {name}",
        core_task=s.task,
        association=s.association,
        starts_at=timezone.now() + timedelta(days=7),
        ends_at=timezone.now() + timedelta(days=7, hours=3),
        places=3,
        postcode="8722",
    )
    o["application"] = Application.objects.create(
        opportunity=o["opportunity"],
        volunteer=o["volunteer"],
        message=m("application", f"Ansøgning {name}"),
    )
    o["hours"] = HoursEntry.objects.create(
        volunteer=o["volunteer"],
        core_task=s.task,
        opportunity=o["opportunity"],
        worked_on=timezone.localdate() - timedelta(days=2),
        duration_min=90,
        description=m("hours", f"Timer {name}"),
    )
    VolunteerNote.objects.create(
        volunteer=o["volunteer"],
        author=o["coordinator"],
        text=m("volunteer_note", f"Frivillignote {name}"),
    )

    # Matching: an open need with two proposals, one accepted into a match with a follow-up.
    o["need"] = make_need(
        citizen=o["citizen"], task=task_slug, hopes=m("need", f"Behov {name}"), **inside
    )
    o["run"] = run = MatchRun.objects.create(
        core_task=s.task, started_by=o["coordinator"], state=MatchRun.State.DONE
    )
    other_volunteer = make_volunteer(tasks=(task_slug,), **inside)
    o["proposal"] = Proposal.objects.create(
        run=run,
        need=o["need"],
        volunteer=other_volunteer,
        rank=1,
        score=0.8,
        decision_reason=m("proposal", f"Forslag {name}"),
    )
    o["match"] = Match.objects.create(
        need=o["need"],
        volunteer=o["volunteer"],
        core_task=s.task,
        local_area=s.area,
        outcome_note=m("match", f"Aftale {name}"),
    )
    o["follow_up"] = FollowUp.objects.create(
        match=o["match"], stage=FollowUp.Stage.choices[0][0], due_on=timezone.localdate()
    )
    make_activity(association=s.association, title=f"Fællesspisning {name}", **inside)

    # Local areas: workspace rows
    o["resource"] = AreaResource.objects.create(
        area=s.area,
        kind=AreaResource.Kind.choices[0][0],
        name=f"Ressource {name}",
        notes=m("resource", f"Ressourcenote {name}"),
    )
    o["contact"] = ContactLogEntry.objects.create(
        area=s.area,
        contacted_on=timezone.localdate(),
        spoke_with=f"Kontakt {name}",
        summary=m("contact", f"Kontaktlog {name}"),
        follow_up_on=timezone.localdate() + timedelta(days=3),
    )
    o["project"] = Project.objects.create(
        title=f"Projekt {name}", goal=m("project", f"Projektmål {name}"), is_public=False
    )
    o["project"].areas.set([s.area])

    # Map: a municipal facility in the area with a problem report.
    layer = Layer.objects.order_by("pk").first()
    o["facility"] = Facility(
        name=f"Shelter {name}",
        layer=layer,
        geometry={"type": "Point", "coordinates": [inside["lon"], inside["lat"]]},
    )
    o["facility"].full_clean()
    o["facility"].save()
    o["problem"] = ProblemReport.objects.create(
        facility=o["facility"],
        description=m("problem", f"Problem {name}"),
        reporter_email=f"melder-{name.lower()}@example.dk",
    )

    # Hearings: one of the area's, answered with free text.
    o["hearing"] = make_hearing(area=s.area, council=s.council, title=f"Høring {name}")
    response = Response.objects.create(
        hearing=o["hearing"], respondent_key=f"key-{name}", confirmed_at=timezone.now()
    )
    for question in o["hearing"].questions.all():
        Answer.objects.create(
            response=response,
            question=question,
            text=m("answer", f"Svar {name}") if question.kind == "text" else "",
        )
    o["hearing_token"] = confirm_token(response)
    o["unfollow_token"] = unfollow_token(
        Follower.objects.create(
            hearing=o["hearing"], response=response, email=f"foelger-{name.lower()}@example.dk"
        )
    )
    o["match_token"] = answer_token(match_id=o["match"].pk, party="provider")
    o["council_invitation"] = CouncilInvitation.objects.create(
        council=s.council, email=f"inviteret-{name.lower()}@example.dk", title="medlem"
    )
    o["invitation_token"] = invitation_token(o["council_invitation"])
    o["action_token"] = action_token(
        action="confirm_application", user_id=volunteer_user.pk, object_id=o["application"].pk
    )
    return s


def build_world() -> dict:
    layers_seed()
    a = _build_scope("A", task_slug="social-omsorg", lon=9.70)
    b = _build_scope("B", task_slug="laering", lon=9.80)
    meeting = CoordinationMeeting.objects.create(
        held_on=timezone.localdate(), place="Rådhuset", agenda="Dagsorden"
    )
    MeetingDecision.objects.create(meeting=meeting, text="Beslutning")
    users = dict(a.users)
    users["admin"] = administrator()
    # An import job of the admin (facilities): its page is for those who may import, whatever the scope.
    import_run = ImportRun.objects.create(
        kind=ImportRun.Kind.FACILITIES,
        file_name="shelters.csv",
        staged_path="/nonexistent/shelters.csv",
        state=ImportRun.State.DONE,
        counts={"source": "osm", "created": 1, "updated": 0, "unchanged": 0, "retired": 0},
        started_by=users["admin"],
    )
    return {"A": a, "B": b, "users": users, "meeting": meeting, "import_run": import_run}
