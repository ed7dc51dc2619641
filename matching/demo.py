"""Demo matching data: shared meals, needs for demo citizens, a matching run, decisions and active matches."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from community.audit import acting_as
from community.demo_names import COMMON_INTERESTS
from community.models import Association, Citizen, CoreTask, User
from matching.models import Activity, Match, Need, NeedKind, Proposal
from matching.services import matches, needs, notify, proposals, runs
from volunteers.models import Volunteer

MEALS = [
    ("Løsning Fællesspisning", "Fællesspisning torsdag", 3, time(17, 30), time(19, 30), 20, True),
    ("Ørum Madklub", "Madklub med hjemmelavet mad", 1, time(17, 0), time(19, 0), 14, True),
    ("Hedensted Seniorklub", "Frokost i seniorklubben", 2, time(12, 0), time(13, 30), 30, True),
    ("Ældre Sagen Juelsminde", "Spisevenner i Juelsminde", 4, time(12, 0), time(14, 0), 16, False),
    (
        "Stouby Borgerforening",
        "Fællesspisning i medborgerhuset",
        2,
        time(18, 0),
        time(20, 0),
        40,
        True,
    ),
]
HOPES = {
    NeedKind.VISITING_FRIEND: [
        "Jeg savner nogen at snakke med om eftermiddagen, gerne over en kop kaffe.",
        "Jeg vil gerne have besøg af en, der kan lide havearbejde og gåture.",
        "Efter min mand døde, sidder jeg meget alene. Jeg kan godt lide kortspil og historie.",
    ],
    NeedKind.MEAL_BUDDY: [
        "Jeg spiser altid alene og vil gerne lave mad sammen med nogen.",
        "Det ville være dejligt at have en at spise aftensmad med en gang om ugen.",
    ],
    NeedKind.SHARED_MEAL: [
        "Jeg vil gerne spise sammen med andre og møde nye mennesker i byen.",
        "Jeg er ny i byen og kender ingen. Fællesspisning lyder hyggeligt.",
    ],
    NeedKind.MENTOR: [
        "Jeg vil gerne have hjælp til at finde en uddannelse og skrive ansøgninger.",
        "Jeg søger job og vil gerne have en mentor, der kender til håndværk.",
        "Jeg har brug for hjælp med lektier og matematik.",
    ],
}
NEED_COUNT = 160


def load(rng, stdout) -> dict:
    _activities(rng)
    if not Need.objects.exists():
        _needs(rng)
        with acting_as(None):
            runs.matching_run(actor=None)
        _decisions(rng)
    open_count = Need.objects.filter(status=Need.Status.OPEN).count()
    stdout.write(
        f"Matching: {Need.objects.count()} needs ({open_count} open), "
        f"{Proposal.objects.filter(status=Proposal.Status.PENDING).count()} proposals waiting, "
        f"{Match.objects.filter(status=Match.Status.ACTIVE).count()} active matches\n"
    )
    return {}


def _activities(rng) -> None:
    for name, title, weekday, start, end, seats, step_free in MEALS:
        association = Association.objects.filter(name=name).first()
        if (
            association is None
            or Activity.objects.filter(association=association, title=title).exists()
        ):
            continue
        activity = Activity(
            association=association,
            title=title,
            description="Vi spiser sammen, og alle er velkomne. Tag gerne en nabo med.",
            weekday=weekday,
            start=start,
            end=end,
            seats=seats,
            step_free=step_free,
            languages=["da"],
            street=association.street,
            postcode=association.postcode,
            city=association.city,
            lat=association.lat,
            lon=association.lon,
        )
        activity.full_clean()
        activity.save()


def _kind_for(age: int | None, rng) -> str:
    if age is not None and age < 30:
        return NeedKind.MENTOR
    if age is not None and age >= 67:
        return rng.choice(
            [
                NeedKind.VISITING_FRIEND,
                NeedKind.VISITING_FRIEND,
                NeedKind.MEAL_BUDDY,
                NeedKind.SHARED_MEAL,
            ]
        )
    return rng.choice([NeedKind.MENTOR, NeedKind.MEAL_BUDDY, NeedKind.SHARED_MEAL])


TASK_FOR_KIND = {
    NeedKind.VISITING_FRIEND: "social-omsorg",
    NeedKind.MEAL_BUDDY: "social-omsorg",
    NeedKind.SHARED_MEAL: "social-omsorg",
    NeedKind.MENTOR: "beskaeftigelse",
}


def _needs(rng) -> None:
    tasks = {t.slug: t for t in CoreTask.objects.all()}
    citizens = list(
        Citizen.objects.filter(lat__isnull=False)
        .prefetch_related("core_tasks")
        .order_by("pk")[:NEED_COUNT]
    )
    now = timezone.now()
    for i, citizen in enumerate(citizens):
        kind = _kind_for(citizen.age, rng)
        if i == 0:
            kind = NeedKind.VISITING_FRIEND
        task = tasks[TASK_FOR_KIND[kind]]
        if citizen.age is not None and citizen.age < 18:
            task = tasks["laering"]
        citizen.core_tasks.add(task)
        day_choices = rng.sample(range(7), rng.randint(2, 4))
        availability = [
            {"day": d, "start": s, "end": e}
            for d in day_choices
            for s, e in [rng.choice([("09:00", "12:00"), ("12:00", "17:00"), ("17:00", "21:00")])]
        ]
        need = needs.need_create(
            actor=None,
            citizen=citizen,
            # The demo citizen's own need comes from a talk, so it is matched and she can say yes herself.
            source=Need.Source.TALK if i % 5 or citizen.user_id else Need.Source.CITIZEN,
            consent=True,
            kind=kind,
            core_task=task,
            hopes=rng.choice(HOPES[kind]),
            interests=", ".join(rng.sample(COMMON_INTERESTS, 2)),
            availability=availability,
            languages=["da"] + (["ar"] if rng.random() < 0.05 else []),
            preferred_gender=rng.choice(["", "", "", "female", "male"]),
            step_free=rng.random() < 0.2,
            travel_km=rng.choice([5, 10, 15]),
        )
        # Spread the creation dates so waiting times and time-to-match figures mean something.
        Need.objects.filter(pk=need.pk).update(created_at=now - timedelta(days=rng.randint(2, 60)))
    # Most citizen requests have been reviewed after a phone call; a few still wait for it.
    for need in Need.objects.filter(status=Need.Status.REQUESTED).order_by("pk")[10:]:
        needs.need_review(need=need, actor=None)


def _decisions(rng) -> None:
    """Accept about half of the proposals; most of those get both yeses and become active."""
    coordinator = User.objects.filter(email__startswith="koordinator.social-omsorg").first()
    karin = Volunteer.objects.filter(user__email__startswith="frivillig@").first()
    pending = list(
        Proposal.objects.filter(status=Proposal.Status.PENDING)
        .select_related("need")
        .order_by("pk")
    )
    with acting_as(coordinator), notify.muted_mail():
        for i, proposal in enumerate(pending):
            if i % 2:
                continue
            match = proposals.proposal_accept(proposal=proposal, actor=coordinator)
            if karin and match.volunteer_id == karin.pk:
                continue  # the demo volunteer has a match waiting for her yes
            if i % 6 == 4:
                continue  # waits for consent
            if not proposal.need.citizen.user_id:  # a citizen with a login says yes herself
                matches.match_consent(match=match, party="citizen", actor=coordinator, given=True)
            if not match.provider_consent_at:
                volunteer_user = match.volunteer.user if match.volunteer_id else coordinator
                match.refresh_from_db()
                matches.match_consent(
                    match=match, party="provider", actor=volunteer_user, given=True
                )
        started = Match.objects.filter(status=Match.Status.ACTIVE)
        for match in started:
            days = rng.randint(1, 40)
            Match.objects.filter(pk=match.pk).update(
                started_at=timezone.now() - timedelta(days=days)
            )
            Need.objects.filter(pk=match.need_id).update(
                matched_at=timezone.now() - timedelta(days=days)
            )
            match.follow_ups.filter(stage="2w").update(
                due_on=timezone.localdate() - timedelta(days=days - 14)
            )
