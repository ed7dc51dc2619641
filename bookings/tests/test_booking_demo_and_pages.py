from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from bookings import services
from bookings.models import Booking, BookingSlot, Door
from bookings.tests.conftest import (
    club_booking,
    holiday_free_weekday,
    next_weekday,
    slot,
    thursday_series_form,
    weekly_search,
)
from community.access import bookings as booking_access
from community.models import User
from community.tests.factories import RoomFactory, administrator

pytestmark = pytest.mark.django_db


def test_the_demo_representative_can_book_right_away_and_the_demo_is_idempotent(client):
    call_command("load_demo", "--quiet-logins")
    counts = (Booking.objects.count(), BookingSlot.objects.count(), Door.objects.count())
    assert counts[0] > 100 and counts[2] > 5
    assert Booking.objects.filter(series__isnull=False).values("series").distinct().count() >= 5
    call_command("load_demo", "--quiet-logins")
    assert (Booking.objects.count(), BookingSlot.objects.count(), Door.objects.count()) == counts

    rep = User.objects.get(email="forening.loesning-faellesspisning@demo.samskab.dk")
    client.force_login(rep)
    room = next(
        r
        for r in RoomFactory._meta.model.objects.filter(lock_enabled=True, requires_approval=False)
        if booking_access.may_book_room(rep, r)
    )
    day = next_weekday(5, 3)
    response = client.post(
        reverse("bookings:booking-create", args=[room.pk]),
        {
            "association": str(rep.roles.get().association_id),
            "day": day.isoformat(),
            "start_time": "07:00",
            "end_time": "08:00",
            "head_count": 8,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    booking = Booking.objects.latest("pk")
    assert booking.status == Booking.Status.CONFIRMED and booking.door_code.code


def test_my_bookings_and_the_approval_queue_do_not_grow_in_queries(
    client, club, rep, django_assert_max_num_queries
):
    admin = administrator()
    approval_room = RoomFactory(requires_approval=True, lock_enabled=True)

    def add(n, offset):
        for i in range(n):
            s, e = slot(next_weekday(1, 2 + offset + i), time(10), time(12))
            services.booking_create(
                room=approval_room, starts_at=s, ends_at=e, booked_by=rep, association=club
            )
            s, e = slot(next_weekday(2, 2 + offset + i), time(10), time(12))
            services.booking_create(
                room=RoomFactory(lock_enabled=True),
                starts_at=s,
                ends_at=e,
                booked_by=rep,
                association=club,
            )

    add(2, 0)
    client.force_login(rep)
    with django_assert_max_num_queries(14):
        client.get(reverse("bookings:booking-list"))
    client.force_login(admin)
    with django_assert_max_num_queries(14):
        client.get(reverse("bookings:approval-queue"))
    add(10, 5)
    client.force_login(rep)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("bookings:booking-list")).status_code == 200
    client.force_login(admin)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("bookings:approval-queue"))
    assert response.status_code == 200
    assert response.content.decode().count('value="approve"') == 12


def test_a_representative_registers_an_association_that_cannot_book_until_approved(client):
    from community.models import Association
    from community.tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("community:association-register"),
        {"name": "Nye Naboer", "cvr": "12345678", "purpose": "Fællesskab", "postcode": "8722"},
    )
    assert response.status_code == 302
    association = Association.objects.get(name="Nye Naboer")
    assert association.status == Association.Status.PENDING
    room = RoomFactory()
    s, e = slot(next_weekday(1), time(10), time(12))
    with pytest.raises(services.BookingRefused, match="ikke godkendt"):
        services.booking_create(
            room=room, starts_at=s, ends_at=e, booked_by=user, association=association
        )
    client.force_login(administrator())
    client.post(
        reverse("community:association-decide", args=[association.pk]), {"decision": "approve"}
    )
    association.refresh_from_db()
    assert association.status == Association.Status.APPROVED
    user.__dict__.pop("_samskab_roles", None)
    assert services.booking_create(
        room=room, starts_at=s, ends_at=e, booked_by=user, association=association
    ).pk


def test_bad_input_on_the_series_page_changes_nothing(client, club, rep):
    room = RoomFactory()
    client.force_login(rep)
    response = client.post(
        reverse("bookings:series-create", args=[room.pk]),
        {
            "association": str(club.pk),
            "weekday": 9,
            "start_time": "21:00",
            "end_time": "19:00",
            "first_date": "2027-05-01",
            "last_date": "2026-01-01",
            "confirm": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "Sluttidspunktet skal ligge efter" in html
    assert not Booking.objects.exists()


def test_a_lock_without_its_secret_learns_nothing(client, room):
    door, _secret = services.door_create(room=room, name="Dør")
    response = client.post(reverse("bookings:api-door-check", args=[door.pk]), {"code": "123456"})
    assert response.status_code in (401, 403)
    assert not door.events.exists()


def test_a_weekly_search_over_a_season_with_past_and_closed_dates_names_the_reasons(
    client, club, rep
):
    from bookings.models import ClosedPeriod

    room = RoomFactory(name="Salen")
    first = holiday_free_weekday(1, 1)
    ClosedPeriod.objects.create(
        building=room.building, starts_on=first, ends_on=first, reason="Juleferie"
    )
    response = client.get(
        reverse("bookings:room-search"),
        weekly_search(first, first + timedelta(weeks=1)),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<h1" not in html  # htmx gets only the results
    assert "Juleferie" in html and "Ledig 1 af 2 uger" in html


def test_confirming_after_the_conflict_report_books_every_date_but_the_clashing_ones(
    client, club, rep
):
    room = RoomFactory(lock_enabled=True)
    first = holiday_free_weekday(3, 3)
    taken = first + timedelta(weeks=1)
    club_booking(room, *slot(taken, time(18), time(19)))
    client.force_login(rep)
    data = thursday_series_form(club, first, first + timedelta(weeks=3))
    url = reverse("bookings:series-create", args=[room.pk])
    preview = client.post(url, {**data, "preview": ""}).content.decode()
    assert "3 datoer kan bookes" in preview and "Optaget af en anden booking" in preview
    done = client.post(url, {**data, "skip": [taken.isoformat()], "confirm": ""})
    assert done.status_code == 302
    mine = Booking.objects.filter(association=club).order_by("starts_at")
    assert [services.local(b.starts_at).date() for b in mine] == [
        first,
        first + timedelta(weeks=2),
        first + timedelta(weeks=3),
    ]


def test_a_representative_adds_another_representative_who_can_then_book(client, club, rep):
    from community.tests.factories import UserFactory

    colleague = UserFactory(email="kollega@example.dk")
    client.force_login(rep)
    response = client.post(
        reverse("community:association-add-representative", args=[club.pk]),
        {"email": "Kollega@example.dk"},
        follow=True,
    )
    assert "kollega@example.dk er nu repræsentant" in response.content.decode()
    s, e = slot(next_weekday(1), time(10), time(12))
    booking = services.booking_create(
        room=RoomFactory(), starts_at=s, ends_at=e, booked_by=colleague, association=club
    )
    assert booking.status == Booking.Status.CONFIRMED
    stranger = UserFactory()
    client.force_login(stranger)
    client.post(
        reverse("community:association-add-representative", args=[club.pk]),
        {"email": stranger.email},
    )
    assert not stranger.roles.exists()


def test_staff_may_book_staff_rooms_without_an_association():
    from community.tests.factories import coordinator

    staff = coordinator()
    s, e = slot(next_weekday(1), time(10), time(12))
    assert services.booking_create(room=RoomFactory(), starts_at=s, ends_at=e, booked_by=staff).pk
    closed_to_staff = RoomFactory(bookable_by_staff=False)
    with pytest.raises(services.BookingRefused, match="medarbejdere"):
        services.booking_create(room=closed_to_staff, starts_at=s, ends_at=e, booked_by=staff)
