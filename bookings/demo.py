"""Seeded, idempotent demo data for rooms and bookings: opening hours, linked hall halves, lock-enabled
rooms with doors, closed periods, weekly series for the season, single bookings, door events."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.utils import timezone

from bookings import services
from bookings.models import AccessEvent, Booking, Building, ClosedPeriod, Door, Room
from community.models import Association, Role, User

# Every demo door answers to this secret, so the lock API can be tried by hand (see README).
DEMO_LOCK_SECRET = "Samskab-demo-laas"

LOCKED_BUILDINGS = {
    "Hedensted Hallen",
    "Løsning Skole",
    "Juelsminde Kulturhus",
    "Tørring Kulturcenter",
}
CITIZEN_ROOMS = {("Hedensted Hallen", "Cafeen"), ("Hedensted Rådhus", "Mødelokale 2")}
APPROVAL_ROOMS = {("Hedensted Rådhus", "Byrådssalen"), ("Juelsminde Kulturhus", "Salen")}
SERIES = [
    # association, building, room, weekday, start, end
    ("Tørring Gymnastikforening", "Hedensted Hallen", "Hele hallen", 1, time(18), time(20)),
    ("Hatting Idrætsforening", "Hedensted Hallen", "Hal A", 3, time(17), time(19)),
    ("Korning Ungdomsklub", "Hedensted Hallen", "Hal B", 3, time(17), time(19)),
    ("Løsning Fællesspisning", "Løsning Skole", "Skolekøkkenet", 3, time(17), time(20)),
    ("Hedensted Seniorklub", "Hedensted Rådhus", "Mødelokale 1", 0, time(10), time(12)),
    ("Ældre Sagen Juelsminde", "Juelsminde Kulturhus", "Mødelokalet", 2, time(14), time(16)),
    ("Klakring Kor", "Tørring Kulturcenter", "Foredragssal", 0, time(19), time(21, 30)),
    ("Røde Kors Hedensted", "Hedensted Rådhus", "Mødelokale 2", 4, time(13), time(15)),
    ("Job-netværket Hedensted", "Hedensted Rådhus", "Mødelokale 1", 2, time(9), time(11)),
    ("Daugård Spejderne", "Daugård Skole", "Aulaen", 1, time(18, 30), time(20, 30)),
]


def load(rng, stdout) -> dict:
    """Booking rules on the demo rooms, then (once) doors, series and bookings, without e-mails."""
    with services.muted_mail():
        return _load(random.Random(4), stdout)


def _load(rng, stdout) -> dict:
    rooms = {(r.building.name, r.name): r for r in Room.objects.select_related("building")}
    if not rooms:
        return {}
    for (building, name), room in rooms.items():
        changed = {
            "lock_enabled": building in LOCKED_BUILDINGS,
            "bookable_by_citizens": (building, name) in CITIZEN_ROOMS,
            "price_per_hour_dkk": 50 if (building, name) in CITIZEN_ROOMS else 0,
            "requires_approval": (building, name) in APPROVAL_ROOMS,
        }
        if building == "Hedensted Rådhus":
            changed.update(opens_at=time(8), closes_at=time(21), open_weekdays=[0, 1, 2, 3, 4])
        Room.objects.filter(pk=room.pk).update(**changed)
        for key, value in changed.items():
            setattr(room, key, value)
    whole = rooms.get(("Hedensted Hallen", "Hele hallen"))
    halves = [rooms.get(("Hedensted Hallen", n)) for n in ("Hal A", "Hal B")]
    if whole and all(halves):
        whole.parts.set(halves)
        Room.objects.filter(pk=whole.pk).update(capacity=300, buffer_min=15)
        for half in halves:
            Room.objects.filter(pk=half.pk).update(capacity=150)
    if Booking.objects.exists():
        return {}

    secret_hash = services.hash_secret(DEMO_LOCK_SECRET)
    doors = [
        Door(room=room, name="Hoveddør", secret_hash=secret_hash)
        for room in rooms.values()
        if room.lock_enabled
    ]
    Door.objects.bulk_create(doors)
    today = timezone.localdate()
    for name in ("Løsning Skole", "Daugård Skole"):
        building = Building.objects.filter(name=name).first()
        if building:
            ClosedPeriod.objects.create(
                building=building,
                starts_on=date(today.year, 12, 22),
                ends_on=date(today.year + 1, 1, 2),
                reason="Juleferie",
            )

    season_start = today - timedelta(weeks=8)
    season_end = today + timedelta(weeks=18)
    back_then = timezone.now() - timedelta(weeks=9)
    associations = {a.name: a for a in Association.objects.all()}
    reps = {
        r.association_id: r.user
        for r in Role.objects.filter(kind=Role.Kind.ASSOCIATION_REP).select_related("user")
    }
    admin = User.objects.filter(roles__kind=Role.Kind.ADMIN).first()
    booked = 0
    for assoc_name, building, room_name, weekday, start, end in SERIES:
        room = rooms.get((building, room_name))
        assoc = associations.get(assoc_name)
        if room is None or assoc is None or assoc.pk not in reps:
            continue
        rep = reps[assoc.pk]
        if room.requires_approval:
            continue
        # The demo fills the season back in time, as if booked before it began.
        season = {
            "room": room,
            "pattern": services.WeeklyPattern(weekday, start, end, season_start, season_end),
            "now": back_then,
        }
        preview = services.series_preview(**season)
        if not any(o.ok for o in preview):
            continue
        services.series_create(
            **season,
            booked_by=rep,
            association=assoc,
            title=f"{assoc_name}: ugentlig aktivitet",
            skip_dates=[o.day for o in preview if not o.ok],
        )
        booked += 1

    # Single bookings scattered over the weeks, some by citizens.
    citizen = User.objects.filter(email__startswith="borger@").first()
    room_list = sorted(rooms.values(), key=lambda r: r.pk)
    for i in range(120):
        room = rng.choice(room_list)
        day = today + timedelta(days=rng.randint(-50, 40))
        hour = rng.randint(max(room.opens_at.hour, 8), min(room.closes_at.hour, 21) - 2)
        starts_at = services.at_local(day, time(hour))
        ends_at = starts_at + timedelta(hours=rng.choice([1, 2, 3]))
        if room.bookable_by_citizens and citizen and rng.random() < 0.5:
            user, assoc = citizen, None
        else:
            assoc = associations[rng.choice(sorted(associations))]
            user = reps.get(assoc.pk)
            if user is None:
                continue
        try:
            services.booking_create(
                room=room,
                starts_at=starts_at,
                ends_at=ends_at,
                booked_by=admin if room.requires_approval and i % 3 else user,
                association=assoc,
                title="Møde",
                now=back_then,
            )
        except services.BookingRefused:
            continue

    # Door events: most past bookings of lock-enabled rooms were used, a few were no-shows.
    now = timezone.now()
    first_door = {d.room_id: d for d in Door.objects.all()}
    events = []
    for booking in Booking.objects.filter(
        status=Booking.Status.CONFIRMED, ends_at__lt=now, room__lock_enabled=True
    ):
        door = first_door.get(booking.room_id)
        if door and rng.random() < 0.85:
            events.append(
                AccessEvent(
                    door=door,
                    at=booking.starts_at - timedelta(minutes=rng.randint(0, 14)),
                    granted=True,
                    booking=booking,
                    reason="ok",
                )
            )
    AccessEvent.objects.bulk_create(events)
    stdout.write(f"Bookings: {booked} weekly series, {Booking.objects.count()} bookings.")
    return {}
