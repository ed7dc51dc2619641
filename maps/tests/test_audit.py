"""Every change a maps service makes leaves an audit entry, the update() and bulk paths too."""

import pytest
from django.core.exceptions import PermissionDenied

from community.models import AuditEntry
from community.tests.factories import UserFactory, area_contact
from maps.models import Facility, Layer, ProblemReport
from maps.services import (
    facilities_sync,
    layers_seed,
    problem_report_advance,
    problem_report_create,
)
from maps.tests.conftest import record

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_seeding_names_the_layers_it_made_and_a_second_seed_logs_nothing(db):
    Layer.objects.all().delete()  # the data migration seeded them
    Layer.objects.create(slug="shelters", name_da="Shelters", name_en="Shelters")
    made = layers_seed()
    (seeded,) = entries("maps.layers_seeded")
    assert len(seeded.data["slugs"]) == made and "shelters" not in seeded.data["slugs"]
    assert "fire-pits" in seeded.data["slugs"]
    assert layers_seed() == 0
    assert len(entries("maps.layers_seeded")) == 1


def test_a_sync_names_every_facility_it_created_changed_and_retired(layers, area):
    first = facilities_sync(records=[record("a"), record("b"), record("c")], source="test")
    assert first.created == 3
    ids = dict(Facility.objects.values_list("external_id", "pk"))
    (made,) = entries("maps.facilities_synced")
    assert sorted(made.data["created_ids"]) == sorted(ids.values())
    facilities_sync(records=[record("a", name="Nyt navn"), record("c")], source="test")
    changed = entries("maps.facilities_synced")[1]
    assert changed.data["updated_ids"] == [ids["a"]]
    assert changed.data["retired_ids"] == [ids["b"]]
    assert changed.data["created_ids"] == [] and changed.data["retired"] == 1


def test_a_report_on_an_open_facility_logs_the_report_and_the_status_change(make_facility):
    alice = UserFactory(email="alice@example.dk")
    shelter = make_facility()
    report = problem_report_create(
        facility=shelter, description="Taget er utæt", reporter=alice, reporter_email="a@b.dk"
    )
    (reported,) = entries("maps.problem_reported")
    assert reported.object_id == str(report.pk) and reported.actor == alice
    assert reported.data == {"facility": shelter.pk}
    assert "a@b.dk" not in str(reported.data) + reported.object_repr
    (status,) = entries("maps.facility_status_changed")
    assert status.object_type == "maps.facility" and status.object_id == str(shelter.pk)
    assert status.data == {"from": "open", "to": "problem", "problem_report": report.pk}


def test_a_second_report_on_a_facility_with_a_problem_changes_no_status(make_facility):
    shelter = make_facility()
    problem_report_create(facility=shelter, description="Taget er utæt")
    shelter.refresh_from_db()
    problem_report_create(facility=shelter, description="Bænken er knækket")
    assert len(entries("maps.problem_reported")) == 2
    assert len(entries("maps.facility_status_changed")) == 1


def test_each_step_of_a_report_is_logged_and_fixing_the_last_reopens_the_facility(
    make_facility, area
):
    playmaker = area_contact(area)
    shelter = make_facility()
    report = problem_report_create(facility=shelter, description="Taget er utæt")
    problem_report_advance(report=report, user=playmaker)
    problem_report_advance(report=report, user=playmaker)
    steps = entries("maps.problem_advanced")
    assert [(e.data["from"], e.data["to"]) for e in steps] == [
        ("new", "acknowledged"),
        ("acknowledged", "fixed"),
    ]
    assert all(e.actor == playmaker for e in steps)
    reopened = entries("maps.facility_status_changed")[-1]
    assert reopened.actor == playmaker
    assert reopened.data == {"from": "problem", "to": "open", "problem_report": report.pk}
    shelter.refresh_from_db()
    assert shelter.status == Facility.Status.OPEN


def test_a_refused_step_changes_nothing_and_logs_nothing(make_facility):
    report = problem_report_create(facility=make_facility(), description="Taget er utæt")
    with pytest.raises(PermissionDenied):
        problem_report_advance(report=report, user=UserFactory())
    assert not entries("maps.problem_advanced")
    assert ProblemReport.objects.get().status == ProblemReport.Status.NEW
