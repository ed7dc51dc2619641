"""The HTTP API against its own OpenAPI schema: every documented operation, anonymously and logged in."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from community import services
from community.tests.factories import AssociationFactory, RoomFactory, association_rep
from community.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _fresh_map_api(db):
    from maps import api, selectors

    selectors.forget_data_version()
    api._recent.clear()


@pytest.fixture(autouse=True)
def alice(db, client):
    """An association representative with a booking and a door, logged in through a real session."""
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
    client.get("/")
    return client.cookies


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
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@HYPOTHESIS
def test_every_operation_answers_a_logged_in_representative_as_its_schema_says(case, alice):
    csrf = alice["csrftoken"].value if "csrftoken" in alice else "x" * 32
    response = case.call_and_validate(
        checks=CHECKS,
        cookies={"sessionid": alice["sessionid"].value, "csrftoken": csrf},
        headers={"X-CSRFToken": csrf},
    )
    if (case.method, case.path) == ("GET", "/api/bookings/") and response.status_code != 429:
        # The session is real: her own booking comes back, not a 403.
        assert response.status_code == 200 and len(response.json()) == 1
