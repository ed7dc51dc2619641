"""The API's throttles: anonymous callers per address, users per account, locks per door, and wrong lock secrets."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from bookings import services
from bookings.tests.conftest import next_weekday, slot
from community.tests.factories import RoomFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOMS = "/api/rooms/"


@pytest.fixture
def rates(settings):
    """Small rates so a test can go over them; DRF reloads its settings when these change."""

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "100/min", "user": "100/min", "lock": "100/min"}
            | rates,
        }

    return set_rates


def door_check(client, door, secret, *, ip="10.0.0.1", code="000000"):
    return client.post(
        reverse("bookings:api-door-check", args=[door.pk]),
        {"code": code},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Lock {secret}",
        REMOTE_ADDR=ip,
    )


def test_an_anonymous_caller_gets_429_with_retry_after_once_over_the_anon_rate(client, rates):
    rates(anon="3/min")
    assert [client.get(ROOMS).status_code for _ in range(3)] == [200, 200, 200]
    over = client.get(ROOMS)
    assert over.status_code == 429
    assert 0 < int(over["Retry-After"]) <= 60
    # The public map API shares the anonymous budget of the address.
    assert client.get("/kort/api/areas.geojson").status_code == 429


def test_another_address_has_its_own_anonymous_budget(client, rates):
    rates(anon="1/min")
    assert client.get(ROOMS, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(ROOMS, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(ROOMS, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_made_up_x_forwarded_for_does_not_buy_a_new_anonymous_budget(client, rates):
    rates(anon="1/min")
    assert client.get(ROOMS, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert client.get(ROOMS, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_behind_the_proxy_the_address_it_adds_is_the_one_counted(client, rates, settings):
    rates(anon="1/min")
    # BEHIND_PROXY=1 sets this; the throttles read the client address as the log-in limits do.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client may write anything in front; our proxy appends the address it saw.
    assert client.get(ROOMS, HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.7").status_code == 200
    assert client.get(ROOMS, HTTP_X_FORWARDED_FOR="2.2.2.2, 10.0.0.7").status_code == 429
    assert client.get(ROOMS, HTTP_X_FORWARDED_FOR="10.0.0.8").status_code == 200


def test_a_logged_in_user_is_counted_by_her_account_not_her_address(client, rates):
    rates(user="2/min", anon="1/min")
    alice, bob = UserFactory(email="alice@example.dk"), UserFactory(email="bob@example.dk")
    client.force_login(alice)
    bookings = reverse("bookings:api-bookings")
    assert [client.get(bookings).status_code for _ in range(2)] == [200, 200]
    over = client.get(bookings)
    assert over.status_code == 429 and "Retry-After" in over
    client.force_login(bob)
    assert client.get(bookings).status_code == 200


def test_the_lock_rate_is_counted_per_door(client, rates):
    rates(lock="2/min")
    room = RoomFactory(lock_enabled=True)
    front, front_secret = services.door_create(room=room, name="Hoveddør")
    back, back_secret = services.door_create(room=room, name="Bagdør")
    assert [door_check(client, front, front_secret).status_code for _ in range(2)] == [200, 200]
    over = door_check(client, front, front_secret)
    assert over.status_code == 429 and int(over["Retry-After"]) > 0
    # The same address, another door: locks behind one router do not starve each other.
    assert door_check(client, back, back_secret).status_code == 200


def test_wrong_lock_secrets_from_one_address_shut_out_even_the_right_secret_until_the_window_passes(
    client,
):
    room = RoomFactory(lock_enabled=True)
    door, secret = services.door_create(room=room, name="Hoveddør")
    with freeze_time("2027-01-04 10:00:00"):
        for _ in range(services.LOCK_SECRET_FAILURES_PER_CLIENT):
            assert door_check(client, door, "guess", ip="10.6.6.6").status_code == 401
        refused = door_check(client, door, secret, ip="10.6.6.6")
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) == services.LOCK_SECRET_FAILURE_WINDOW_S
        # The door itself is not locked out by one address guessing.
        assert door_check(client, door, secret, ip="10.0.0.1").status_code == 200
    with freeze_time("2027-01-04 10:10:00"):
        later = door_check(client, door, secret, ip="10.6.6.6")
        assert later.status_code == 429
        assert int(later["Retry-After"]) == services.LOCK_SECRET_FAILURE_WINDOW_S - 600
    with freeze_time("2027-01-04 10:15:01"):
        assert door_check(client, door, secret, ip="10.6.6.6").status_code == 200


def test_wrong_secrets_for_one_door_from_many_addresses_shut_out_that_door_only(client):
    room = RoomFactory(lock_enabled=True)
    door, secret = services.door_create(room=room, name="Hoveddør")
    other, other_secret = services.door_create(room=room, name="Bagdør")
    for n in range(services.LOCK_SECRET_FAILURES_PER_DOOR):
        assert door_check(client, door, "guess", ip=f"10.1.{n}.1").status_code == 401
    refused = door_check(client, door, secret, ip="10.0.0.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert door_check(client, other, other_secret, ip="10.0.0.1").status_code == 200


def test_guessing_an_unknown_door_counts_against_the_address(client):
    room = RoomFactory(lock_enabled=True)
    door, secret = services.door_create(room=room, name="Hoveddør")
    missing = door.pk + 100
    url = reverse("bookings:api-door-check", args=[missing])
    for _ in range(services.LOCK_SECRET_FAILURES_PER_CLIENT):
        response = client.post(
            url, {"code": "1"}, HTTP_AUTHORIZATION="Lock guess", REMOTE_ADDR="10.6.6.6"
        )
        assert response.status_code == 401
    assert door_check(client, door, secret, ip="10.6.6.6").status_code == 429


def test_too_many_wrong_codes_answer_429_with_retry_after_and_the_reason(client, club, rep):
    room = RoomFactory(lock_enabled=True)
    door, secret = services.door_create(room=room, name="Hoveddør")
    starts_at, ends_at = slot(next_weekday(1), time(10), time(12))
    services.booking_create(
        room=room, starts_at=starts_at, ends_at=ends_at, booked_by=rep, association=club
    )
    with freeze_time(starts_at + timedelta(minutes=5)):
        for guess in range(services.DOOR_FAILURES_ALLOWED):
            wrong = door_check(client, door, secret, code=f"{guess:06d}")
            assert wrong.json() == {"opens": False, "reason": "wrong_code"}
        limited = door_check(client, door, secret, code="123456")
    assert limited.status_code == 429
    assert limited.json()["reason"] == "rate_limited" and limited.json()["detail"]
    assert 0 < int(limited["Retry-After"]) <= services.DOOR_FAILURE_WINDOW_S
