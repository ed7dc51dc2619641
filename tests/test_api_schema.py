"""The HTTP API against its own OpenAPI schema: every documented operation, anonymously and logged in."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bookings import services
from community.tests.factories import AssociationFactory, RoomFactory, association_rep
from community.wsgi import application
from tests.map_data import open_map_data

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The test transport hands over the bytes as sent: gzip (tested in maps/tests/test_ogc.py) is the
# client's to undo, so the schema checks ask for the plain body.
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture(autouse=True)
def _keep_the_test_transaction(alice):
    """Django's test client keeps request_finished from closing the connection that holds the
    test's transaction (and hooks it up again after each of its requests, hence after alice);
    these calls go straight to the WSGI app, so this does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _fresh_map_api(db):
    from maps import api, selectors

    selectors.forget_data_version()
    api._recent.clear()
    # Every shape a GeoJSON answer can hold, so the answers checked against the schema have them.
    open_map_data()


@pytest.fixture
def alice(db, client):
    """An association representative with a booking and a door, logged in through a real session
    (every test here has her data: operations are tried against rooms, bookings and doors)."""
    club = AssociationFactory(name="Løsning Fællesspisning")
    alice = association_rep(club, email="alice@example.dk")
    room = RoomFactory(lock_enabled=True)
    day = timezone.localdate() + timedelta(days=9)
    services.booking_create(
        room=room,
        starts_at=services.at_local(day, time(10)),
        ends_at=services.at_local(day, time(12)),
        booked_by=alice,
        association=club,
    )
    services.door_create(room=room, name="Hoveddør")
    client.force_login(alice)
    csrf = get_random_string(32)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}


schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

HYPOTHESIS = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@HYPOTHESIS
def test_every_operation_answers_anonymous_callers_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS, headers=PLAIN)


@schema.parametrize()
@HYPOTHESIS
def test_every_operation_answers_a_logged_in_representative_as_its_schema_says(case, alice):
    response = case.call_and_validate(
        checks=CHECKS, cookies=alice, headers={"X-CSRFToken": alice["csrftoken"], **PLAIN}
    )
    if (case.method, case.path) == ("GET", "/api/bookings/") and response.status_code != 429:
        # The session is real: her own booking comes back, not a 403.
        assert response.status_code == 200 and len(response.json()) == 1


@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize(
    "path, query",
    [
        ("/kort/api/facilities.geojson", {}),
        ("/kort/api/facilities.geojson", {"lang": "en", "layers": "green-areas", "limit": 1}),
        ("/kort/api/facilities-download.geojson", {}),
        ("/kort/api/areas.geojson", {}),
        ("/kort/api/places.geojson", {"area": "testby"}),
    ],
)
def test_the_geojson_answers_with_every_shape_meet_their_schema(alice, path, query, logged_in):
    """Generated parameters seldom name a real area or layer: these do, so the 200 answers with
    points, lines, polygons with holes and multipolygons are checked against the schema too."""
    case = schema[path]["GET"].Case(query=query)
    response = case.call_and_validate(
        checks=CHECKS, cookies=alice if logged_in else None, headers=PLAIN
    )
    assert response.status_code == 200
    assert response.json()["features"]


def test_opening_hours_are_documented_as_local_times_not_rfc3339_times():
    opens_at = schema.raw_schema["components"]["schemas"]["Room"]["properties"]["opens_at"]
    assert "format" not in opens_at
    assert opens_at["pattern"] and "Europe/Copenhagen" in opens_at["description"]


def test_every_operation_documents_the_error_answers_it_can_give():
    documented = {
        (method.upper(), path): set(operation["responses"])
        for path, item in schema.raw_schema["paths"].items()
        for method, operation in item.items()
    }
    assert all("429" in codes for codes in documented.values())
    assert {"400", "403", "409"} <= documented[("POST", "/api/bookings/")]
    assert {"400", "403", "404"} <= documented[("POST", "/api/bookings/{id}/cancel/")]
    assert {"400", "401", "404"} <= documented[("POST", "/api/doors/{id}/check/")]
    assert "400" in documented[("GET", "/api/rooms/availability/")]
    assert "404" in documented[("GET", "/kort/api/places.geojson")]
    # A public list without parameters cannot be refused.
    assert not {"400", "401", "403", "404"} & documented[("GET", "/api/rooms/")]
    retry_after = schema.raw_schema["paths"]["/api/rooms/"]["get"]["responses"]["429"]
    assert "Retry-After" in retry_after["headers"]


SEARCH = "/api/rooms/availability/?start_time=10:00&end_time=11:00"


@pytest.mark.parametrize(
    "url, message",
    [
        (f"{SEARCH}&date=2027-01-04&area=99999999999999999999", "2147483647"),
        (f"{SEARCH}&date=2027-01-04&capacity=99999999999999999999", "100000"),
        (f"{SEARCH}&date=9999-12-31", "2000-2099"),
        (f"{SEARCH}&date=0001-01-01", "2000-2099"),
        (f"{SEARCH}&weekday=1&first_date=2027-02-01&last_date=2027-01-01", "first_date"),
        (f"{SEARCH}&weekday=9&first_date=2027-01-01&last_date=2027-02-01", "6"),
        ("/kort/api/facilities.geojson?area=%00", "NUL"),
        ("/kort/api/places.geojson?area=a%00b", "NUL"),
        ("/kort/api/facilities.geojson?bbox=1e400,1,2e400,2", "bbox"),
    ],
)
def test_a_parameter_out_of_range_answers_400_with_a_message(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_booking_starting_in_year_1_or_ending_in_year_9999_answers_400(client, alice):
    room = RoomFactory()
    for starts_at, ends_at in [
        ("0001-01-01T00:00:00+01:00", "0001-01-01T01:00:00+01:00"),
        ("9999-12-31T22:00:00Z", "9999-12-31T23:59:00Z"),
    ]:
        response = client.post(
            "/api/bookings/",
            {"room": room.pk, "starts_at": starts_at, "ends_at": ends_at},
            content_type="application/json",
        )
        assert response.status_code == 400, response.content


def test_an_id_that_is_not_a_number_answers_a_json_404(client):
    response = client.post("/api/bookings/null,null/cancel/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ikke fundet."}
    # Pages outside the API keep the HTML 404.
    assert "text/html" in client.get("/borgere/nope/")["Content-Type"]


def test_an_unknown_format_parameter_is_ignored_rather_than_a_404(client):
    response = client.get("/kort/api/areas.geojson?format=xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
