"""Door codes and the lock API: a code opens a door only while its booking holds the room."""

from datetime import time, timedelta

import pytest
from django.urls import reverse

from bookings import services
from bookings.models import AccessEvent
from bookings.tests.conftest import book, next_weekday

pytestmark = pytest.mark.django_db


def test_a_lock_enabled_room_gives_a_code_valid_15_minutes_around_the_booking(room, club, rep):
    booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    code = booking.door_code
    assert len(code.code) == 6
    assert code.valid_from == booking.starts_at - timedelta(minutes=15)
    assert code.valid_until == booking.ends_at + timedelta(minutes=15)


def test_the_lock_api_opens_only_with_the_right_secret_code_and_time(client, room, club, rep):
    booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    door, secret = services.door_create(room=room, name="Hoveddør")
    assert secret not in door.secret_hash
    url = reverse("bookings:api-door-check", args=[door.pk])
    code = booking.door_code.code
    wrong = client.post(url, {"code": code}, HTTP_AUTHORIZATION="Lock wrong-secret")
    assert wrong.status_code in (401, 403)
    with_secret = {"HTTP_AUTHORIZATION": f"Lock {secret}"}
    # Outside the window the right code does not open.
    assert client.post(url, {"code": code}, **with_secret).json()["opens"] is False
    inside = booking.starts_at - timedelta(minutes=10)
    opened, reason = services.door_check(door=door, code=code, at=inside)
    assert opened and reason == "ok"
    assert AccessEvent.objects.filter(door=door, granted=True, booking=booking).count() == 1


def test_guessing_door_codes_is_rate_limited(room, club, rep):
    booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    door, _secret = services.door_create(room=room, name="Hoveddør")
    inside = booking.starts_at
    for guess in range(services.DOOR_FAILURES_ALLOWED):
        assert services.door_check(door=door, code=f"{guess:06d}", at=inside) == (
            False,
            "wrong_code",
        )
    # Now even the right code is refused until the window passes.
    assert services.door_check(door=door, code=booking.door_code.code, at=inside) == (
        False,
        "rate_limited",
    )
    assert AccessEvent.objects.filter(door=door, reason="rate_limited").count() == 1


def test_a_door_of_a_half_opens_for_the_whole_hall_booking(hall, club, rep):
    hall["whole"].lock_enabled = True
    hall["whole"].save()
    booking = book(hall["whole"], rep, next_weekday(1), time(10), time(12), club)
    door, _ = services.door_create(room=hall["a"], name="Hal A")
    assert services.door_check(door=door, code=booking.door_code.code, at=booking.starts_at)[0]
