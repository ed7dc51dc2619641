"""One rule for a volunteer's child certificate: it counts for 365 days from the day it was checked."""

from datetime import date, timedelta

import pytest

from volunteers.models import (
    CHILD_CERTIFICATE_VALID_DAYS,
    Volunteer,
    child_certificate_valid,
    child_certificates_expiring_between,
)
from volunteers.tests.factories import VolunteerFactory

CHECKED = date(2026, 3, 1)


@pytest.mark.parametrize(
    "day,valid",
    [
        (CHECKED - timedelta(days=1), False),
        (CHECKED, True),
        (CHECKED + timedelta(days=CHILD_CERTIFICATE_VALID_DAYS), True),
        (CHECKED + timedelta(days=CHILD_CERTIFICATE_VALID_DAYS + 1), False),
    ],
)
def test_a_certificate_counts_from_the_day_it_was_checked_for_365_days(day, valid):
    assert child_certificate_valid(CHECKED, day) is valid
    assert Volunteer(child_certificate_checked_on=CHECKED).child_certificate_valid_on(day) is valid


def test_a_volunteer_never_checked_has_no_valid_certificate():
    assert not child_certificate_valid(None, CHECKED)
    assert Volunteer().child_certificate_expires_on is None


@pytest.mark.django_db
def test_the_expiry_window_finds_exactly_the_certificates_that_run_out_in_it():
    today = date.today()
    last_valid = {
        "runs_out_today": today,
        "runs_out_in_30_days": today + timedelta(days=30),
        "ran_out_yesterday": today - timedelta(days=1),
        "runs_out_in_31_days": today + timedelta(days=31),
    }
    made = {
        name: VolunteerFactory(
            child_certificate_checked_on=day - timedelta(days=CHILD_CERTIFICATE_VALID_DAYS)
        )
        for name, day in last_valid.items()
    }
    found = set(
        Volunteer.objects.filter(
            **child_certificates_expiring_between(today, today + timedelta(days=30))
        )
    )
    assert found == {made["runs_out_today"], made["runs_out_in_30_days"]}
    for name, volunteer in made.items():
        assert volunteer.child_certificate_expires_on == last_valid[name]
