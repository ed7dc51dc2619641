"""Demo volunteers: 1,500 across Hedensted, one of them a demo login."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from community.demo import DEMO_DOMAIN, Sampler, demo_user
from community.demo_names import INTERESTS, LANGUAGES
from community.models import CoreTask, Role, User
from volunteers.models import Activity, AgeGroup, TravelMode, Volunteer

COUNT = 1500


def random_availability(rng) -> list[dict]:
    slots = []
    for day in rng.sample(range(7), rng.randint(1, 4)):
        start = rng.choice([9, 10, 13, 14, 16, 18])
        slots.append(
            {"day": day, "start": f"{start:02d}:00", "end": f"{start + rng.choice([2, 3]):02d}:00"}
        )
    return sorted(slots, key=lambda s: (s["day"], s["start"]))


def profile_fields(rng, sampler: Sampler, area_name: str) -> dict:
    today = date.today()
    activities = rng.sample([a.value for a in Activity], rng.randint(1, 3))
    groups = rng.sample([g.value for g in AgeGroup], rng.randint(1, 3))
    return {
        "status": rng.choices([s.value for s in Volunteer.Status], weights=[5, 3, 5, 75, 7, 5])[0],
        "birth_year": today.year - rng.randint(18, 82),
        "activities": activities,
        "interests": ", ".join(rng.sample(INTERESTS, rng.randint(2, 4))),
        "languages": ["da"] + rng.sample(LANGUAGES[1:], rng.choice([0, 0, 1, 1, 2])),
        "age_groups": groups,
        "availability": random_availability(rng),
        "travel_km": rng.choice([2, 5, 5, 10, 10, 15, 25]),
        "travel_mode": rng.choice([m.value for m in TravelMode]),
        "capacity": rng.choice([1, 1, 2, 3]),
        "child_certificate_checked_on": today - timedelta(days=rng.randint(0, 500))
        if AgeGroup.CHILDREN in groups
        else None,
        "consent_at": timezone.now(),
        "retain_until": today + timedelta(days=settings.RETENTION["volunteer"]),
        **sampler.address_in(area_name),
    }


def load(rng, stdout) -> dict:
    sampler = Sampler(rng)
    tasks = list(CoreTask.objects.all())
    me = demo_user(f"frivillig@{DEMO_DOMAIN}", "Karin", "Frivillig", (Role.Kind.VOLUNTEER, {}))
    if not hasattr(me, "volunteer"):
        fields = profile_fields(rng, sampler, "Juelsminde")
        fields.update(
            status=Volunteer.Status.ACTIVE,
            activities=[Activity.VISITING_FRIEND, Activity.MEAL_BUDDY],
        )
        volunteer = Volunteer(user=me, **fields)
        volunteer.save()
        volunteer.core_tasks.set(tasks[:1] + tasks[3:])
    existing = Volunteer.objects.filter(user__email__startswith="frivillig.").count()
    if existing < COUNT:
        password = make_password(None)
        users = []
        for i in range(existing, COUNT):
            first, last, gender = sampler.person()
            users.append(
                User(
                    email=f"frivillig.{i:04d}@{DEMO_DOMAIN}",
                    first_name=first,
                    last_name=last,
                    password=password,
                )
            )
        User.objects.bulk_create(users)
        created = User.objects.filter(
            email__startswith="frivillig.", volunteer__isnull=True
        ).order_by("email")
        volunteers = [
            Volunteer(user=u, **profile_fields(rng, sampler, sampler.weighted_area()))
            for u in created
        ]
        Volunteer.objects.bulk_create(volunteers)
        Role.objects.bulk_create(
            [Role(user_id=v.user_id, kind=Role.Kind.VOLUNTEER) for v in volunteers]
        )
        through = Volunteer.core_tasks.through
        links = []
        for v in Volunteer.objects.filter(core_tasks__isnull=True):
            for task in rng.sample(tasks, rng.choice([1, 1, 2])):
                links.append(through(volunteer_id=v.pk, coretask_id=task.pk))
        through.objects.bulk_create(links)
    load_activity(rng, stdout)
    return {"Frivillig": me.email}


OPPORTUNITY_IDEAS = [
    (
        "Kaffe og snak på plejecentret",
        Activity.VISITING_FRIEND,
        "recurring",
        "Hver tirsdag kl. 14-16",
    ),
    ("Kør ældre til fællesspisning", Activity.DRIVER, "recurring", "Hver torsdag kl. 17-20"),
    ("Lektiecafé på biblioteket", Activity.HOMEWORK, "recurring", "Mandag og onsdag kl. 15-17"),
    ("Sommerfest i byparken", Activity.EVENTS, "one_off", ""),
    ("Naturpleje ved stranden", Activity.OUTDOOR_UPKEEP, "one_off", ""),
    ("Læseklub for unge", Activity.READING_CLUB, "recurring", "Hver anden onsdag kl. 19-21"),
    ("Spiseven til fællesspisning", Activity.MEAL_BUDDY, "recurring", "Første fredag i måneden"),
    ("Mentor for unge i job", Activity.MENTOR, "recurring", "Efter aftale, ca. 2 timer om ugen"),
]


def load_activity(rng, stdout) -> None:
    """Opportunities from coordinators and associations, applications, hours and onboarding notes."""
    from community.models import Association
    from volunteers.models import Application, HoursEntry, Opportunity, VolunteerNote

    if Opportunity.objects.exists():
        return
    sampler = Sampler(rng)
    now, today = timezone.now(), date.today()
    tasks = list(CoreTask.objects.all())
    volunteers = list(Volunteer.objects.prefetch_related("core_tasks").order_by("pk"))
    # Spread the sign-ups over the last year so the dashboard's trends have a shape.
    for v in volunteers:
        v.created_at = now - timedelta(days=rng.randint(0, 365))
    Volunteer.objects.bulk_update(volunteers, ["created_at"], batch_size=1000)

    opportunities = []
    associations = list(Association.objects.filter(status=Association.Status.APPROVED)[:8])
    for n, task in enumerate(tasks):
        coordinator = User.objects.filter(
            roles__kind=Role.Kind.COORDINATOR, roles__core_task=task
        ).first()
        for title, activity, kind, recurrence in rng.sample(OPPORTUNITY_IDEAS, 3):
            opportunities.append((title, activity, kind, recurrence, task, None, coordinator))
        for association in associations[n * 2 : n * 2 + 2]:
            rep = User.objects.filter(
                roles__kind=Role.Kind.ASSOCIATION_REP, roles__association=association
            ).first()
            title, activity, kind, recurrence = rng.choice(OPPORTUNITY_IDEAS)
            opportunities.append(
                (
                    f"{title} ({association.name})",
                    activity,
                    kind,
                    recurrence,
                    task,
                    association,
                    rep,
                )
            )
    created = []
    for title, activity, kind, recurrence, task, association, author in opportunities:
        starts = now + timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 8))
        address = sampler.address_in(sampler.weighted_area())
        address.pop("local_area")
        opportunity = Opportunity(
            title=title,
            description=f"{title}. Vi sørger for kaffe og en fast kontaktperson.",
            core_task=task,
            association=association,
            created_by=author,
            activity=activity,
            kind=kind,
            recurrence=recurrence,
            starts_at=starts,
            ends_at=starts
            + timedelta(hours=rng.choice([2, 3, 4]))
            + (timedelta(days=180) if kind == "recurring" else timedelta()),
            places=rng.choice([1, 2, 3, 5, 8]),
            requires_child_certificate=activity in (Activity.HOMEWORK, Activity.READING_CLUB),
            **address,
        )
        opportunity.save()
        created.append(opportunity)

    ready = [
        v for v in volunteers if v.status in (Volunteer.Status.APPROVED, Volunteer.Status.ACTIVE)
    ]
    applications = []
    for opportunity in created:
        chosen = rng.sample(ready, min(len(ready), opportunity.places))
        for i, v in enumerate(chosen):
            applications.append(
                Application(
                    opportunity=opportunity,
                    volunteer=v,
                    status=Application.Status.APPROVED
                    if i % 2 == 0
                    else Application.Status.PENDING,
                    created_at=now - timedelta(days=rng.randint(0, 20)),
                )
            )
    Application.objects.bulk_create(applications)

    hours = []
    for v in rng.sample(ready, min(len(ready), 600)):
        own = list(v.core_tasks.all()) or tasks
        for _ in range(rng.randint(1, 6)):
            hours.append(
                HoursEntry(
                    volunteer=v,
                    core_task=rng.choice(own),
                    local_area_id=v.local_area_id,
                    worked_on=today - timedelta(days=rng.randint(0, 360)),
                    duration_min=rng.choice([60, 90, 120, 150, 180, 240]),
                    description=rng.choice(["Besøg", "Kørsel", "Lektiehjælp", "Arrangement"]),
                    status=rng.choices(["approved", "pending", "rejected"], weights=[80, 17, 3])[0],
                )
            )
    HoursEntry.objects.bulk_create(hours, batch_size=2000)

    notes = []
    for v in volunteers:
        if v.status in (Volunteer.Status.APPLIED, Volunteer.Status.TALK):
            notes.append(
                VolunteerNote(
                    volunteer=v,
                    text=rng.choice(
                        [
                            "Ring og aftal en samtale.",
                            "Samtale holdt. Mangler børneattest.",
                            "Vil gerne være besøgsven i sit lokalområde.",
                        ]
                    ),
                    remind_on=today + timedelta(days=rng.randint(-7, 14)),
                )
            )
    VolunteerNote.objects.bulk_create(notes)
    stdout.write(
        f"  volunteers: {len(created)} opportunities, {len(applications)} applications, "
        f"{len(hours)} hour entries, {len(notes)} onboarding notes\n"
    )
