"""Demo data for the playmakers' workspace: resources, contact log, projects and coordination meetings.

Seeded and idempotent. It draws from its own random generator so that adding it does not change the
data of the demo modules that run after it.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from community.demo_names import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES
from community.models import Association, CoreTask, Role, User
from community.text import danish_slug
from localareas.models import (
    AreaResource,
    ContactLogEntry,
    CoordinationMeeting,
    LocalArea,
    MeetingDecision,
    Project,
)

K = AreaResource.Kind
# (kind, name pattern, role, core task slugs)
RESOURCES = [
    (
        K.ASSOCIATION,
        "{area} Borgerforening",
        "Arrangerer byfest og fællesspisning",
        ["fritid-faellesskab"],
    ),
    (
        K.ASSOCIATION,
        "{area} Idrætsforening",
        "Fodbold, gymnastik og motion for alle aldre",
        ["fritid-faellesskab", "laering"],
    ),
    (
        K.ASSOCIATION,
        "Spejderne i {area}",
        "Friluftsliv for børn og unge",
        ["fritid-faellesskab", "laering"],
    ),
    (K.BUSINESS, "{area} Købmand", "Sponsor og opslagstavle for hele byen", ["beskaeftigelse"]),
    (
        K.BUSINESS,
        "Bageren i {area}",
        "Tager praktikanter og leverer til arrangementer",
        ["beskaeftigelse"],
    ),
    (K.VENUE, "{area} Forsamlingshus", "Sal til 80 personer, køkken", ["fritid-faellesskab"]),
    (K.VENUE, "{area} Sognegård", "Mødelokaler, lånes gratis af foreninger", ["social-omsorg"]),
    (K.VENUE, "{area} Skole, gymnastiksalen", "Kan bruges om aftenen", ["laering"]),
]
PERSON_ROLES = [
    ("Ildsjæl, samler frivillige til byens arrangementer", ["fritid-faellesskab"]),
    ("Pensioneret sygeplejerske, besøgsven for flere ældre", ["social-omsorg"]),
    ("Formand for lokalrådet", ["fritid-faellesskab"]),
    ("Lærer, kender de unge i byen", ["laering"]),
]
PROJECTS = [
    (
        "Fællesspisning hver anden torsdag",
        "Flere ældre, der bor alene, spiser sammen med andre.",
        ["social-omsorg", "fritid-faellesskab"],
    ),
    (
        "Shelterplads ved skoven",
        "Et sted, hvor skolen, spejderne og familier kan overnatte i naturen.",
        ["fritid-faellesskab", "laering"],
    ),
    (
        "Lektiecafé i sognegården",
        "Børn, der har svært ved lektierne, får hjælp af frivillige.",
        ["laering"],
    ),
    (
        "Job-makker med lokale virksomheder",
        "Ledige får en fast makker i en lokal virksomhed og kommer tættere på job.",
        ["beskaeftigelse"],
    ),
    (
        "Gå-fællesskab for alle",
        "Flere kommer ud at gå sammen to gange om ugen.",
        ["fritid-faellesskab", "social-omsorg"],
    ),
    (
        "Byens fælles kalender",
        "Foreningerne planlægger sammen, så arrangementer ikke falder oven i hinanden.",
        ["fritid-faellesskab"],
    ),
]
NEXT_STEPS = [
    "Møde med foreningerne",
    "Søge midler i puljen for lokalområder",
    "Finde to frivillige mere",
    "Aftale lokale med skolen",
    "Evaluere med deltagerne",
]
CONVERSATIONS = [
    ("Vil gerne stå for kaffen ved næste fællesspisning.", "phone"),
    ("Mangler et lokale til gymnastik om vinteren. Jeg undersøger hallen.", "meeting"),
    ("Spurgte om der er frivillige, der kan hjælpe med lektiecaféen.", "email"),
    ("Fortalte om planerne for shelterpladsen; positive, vil gerne give materialer.", "visit"),
    ("Talte om at lave en fælles kalender for byens foreninger.", "meeting"),
    ("Bekymret for, at færre unge kommer i klubben. Aftalte et nyt møde.", "phone"),
]


def _person_name(rng: random.Random) -> str:
    first = rng.choice(FIRST_NAMES_F + FIRST_NAMES_M)
    return f"{first} {rng.choice(LAST_NAMES)}"


SEED = 72026


def load(rng, stdout) -> dict:
    today = timezone.localdate()
    tasks = {t.slug: t for t in CoreTask.objects.all()}
    areas = list(LocalArea.objects.defer("geometry").order_by("name"))
    playmakers = list(
        User.objects.filter(roles__kind=Role.Kind.AREA_CONTACT).distinct().order_by("email")
    )
    owner_of = {
        r.local_area_id: r.user
        for r in Role.objects.filter(kind=Role.Kind.AREA_CONTACT).select_related("user")
    }
    associations: dict[int, list[Association]] = {}
    for assoc in Association.objects.filter(local_area__isnull=False).order_by("name"):
        associations.setdefault(assoc.local_area_id, []).append(assoc)

    created = 0
    for index, area in enumerate(areas):
        # One generator per area, so a second run (which skips what exists) draws the same names.
        rng = random.Random(f"{SEED}-{area.slug}")
        owner = owner_of.get(area.pk)
        specs = [
            (kind, pattern.format(area=area.name), role, slugs, None)
            for kind, pattern, role, slugs in rng.sample(RESOURCES, 5)
        ]
        for assoc in associations.get(area.pk, [])[:1]:
            specs.append((K.ASSOCIATION, assoc.name, "Forening i Samskab", [], assoc))
        for role, slugs in rng.sample(PERSON_ROLES, 8 - len(specs)):
            specs.append((K.PERSON, _person_name(rng), role, slugs, None))
        for n, (kind, name, role, slugs, assoc) in enumerate(specs):
            # Two resources in every third area were last checked 14 months ago: the alert has work.
            days = 425 if index % 3 == 0 and n < 2 else rng.randint(5, 330)
            resource, was_created = AreaResource.objects.get_or_create(
                area=area,
                name=name,
                defaults={
                    "kind": kind,
                    "role": role,
                    "association": assoc,
                    "contact_person": "" if kind == K.PERSON else _person_name(rng),
                    "email": f"{danish_slug(name)}@example.dk",
                    "phone": f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    "notes": rng.choice(
                        [
                            "",
                            "",
                            "Bedst at ringe om formiddagen.",
                            "Vil gerne inviteres til netværksmøder.",
                        ]
                    ),
                    "verified_at": today - timedelta(days=days),
                    "verified_by": owner,
                },
            )
            if was_created:
                resource.core_tasks.set([tasks[s] for s in slugs if s in tasks])
                created += 1

        if not ContactLogEntry.objects.filter(area=area).exists():
            resources = list(AreaResource.objects.filter(area=area).order_by("name"))
            for n in range(rng.randint(2, 4)):
                resource = rng.choice(resources)
                summary, channel = rng.choice(CONVERSATIONS)
                contacted = today - timedelta(days=rng.randint(3, 90))
                follow_up = None
                if n == 0:
                    # Some follow-ups are already due, some lie ahead.
                    follow_up = max(contacted, today + timedelta(days=rng.choice([-5, -1, 7, 21])))
                ContactLogEntry.objects.create(
                    area=area,
                    resource=resource,
                    contacted_on=contacted,
                    spoke_with=resource.contact_person or resource.name,
                    channel=channel,
                    summary=summary,
                    follow_up_on=follow_up,
                    created_by=owner,
                )

    for i, user in enumerate(playmakers):
        rng = random.Random(f"{SEED}-{user.email}")
        mine = [a for a in areas if owner_of.get(a.pk) == user]
        if not mine:
            continue
        for j in range(2):
            title, goal, slugs = PROJECTS[(i * 2 + j) % len(PROJECTS)]
            area = mine[j % len(mine)]
            full_title = f"{title} i {area.name}"
            if Project.objects.filter(title=full_title).exists():
                continue
            status = rng.choice([s.value for s in Project.Status if s != Project.Status.FINISHED])
            project = Project.objects.create(
                title=full_title,
                goal=goal,
                status=status,
                next_step=rng.choice(NEXT_STEPS),
                next_step_on=today + timedelta(days=rng.randint(7, 60)),
                is_public=j == 0,
                partners_other=rng.choice(["", "Skolen", "Menighedsrådet", "Boligforeningen"]),
                created_by=user,
            )
            project.areas.set([area])
            project.core_tasks.set([tasks[s] for s in slugs if s in tasks])
            project.partner_resources.set(
                AreaResource.objects.filter(area=area).order_by("name")[:2]
            )

    if not CoordinationMeeting.objects.exists():
        rng = random.Random(SEED)
        meetings = [
            (
                -56,
                "Rådhuset, Niels Espes Vej 8, mødelokale 2",
                "1. Nyt fra områderne\n2. Lokalrådenes årsmøder\n3. Puljen for lokalområder",
                "Alle områder har haft årsmøde eller har det i næste måned.",
            ),
            (
                -14,
                "Juelsminde Kulturhus",
                "1. Nyt fra områderne\n2. Shelterpladser og udeliv\n3. Fælles kalender for foreninger",
                "Flere lokalråd ønsker et kort over shelters på deres side.",
            ),
            (
                14,
                "Tørring Kulturcenter",
                "1. Nyt fra områderne\n2. Høringer i foråret\n3. Evaluering af fællesspisningerne",
                "",
            ),
        ]
        decisions = {
            0: [
                ("Fælles skabelon til lokalrådenes årsmøder", 30),
                ("Ansøgninger til puljen samles før 1. marts", 60),
            ],
            1: [
                ("Kortet over shelters indlejres på alle områdesider", 21),
                ("Foreningerne inviteres til et fælles kalendermøde", 45),
            ],
        }
        for n, (offset, place, agenda, notes) in enumerate(meetings):
            meeting = CoordinationMeeting.objects.create(
                held_on=today + timedelta(days=offset),
                place=place,
                agenda=agenda,
                notes=notes,
                created_by=playmakers[0] if playmakers else None,
            )
            meeting.attendees.set(
                playmakers if offset > 0 else rng.sample(playmakers, max(0, len(playmakers) - 2))
            )
            for k, (text, due) in enumerate(decisions.get(n, [])):
                MeetingDecision.objects.create(
                    meeting=meeting,
                    text=text,
                    owner=playmakers[(n + k) % len(playmakers)] if playmakers else None,
                    due_on=meeting.held_on + timedelta(days=due),
                    done=offset + due < 0,
                )
    stdout.write(f"Workspace: {created} new resources, {Project.objects.count()} projects.")
    return {}
