from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from bookings.models import AccessEvent, Booking, Door, DoorCode, WaitlistEntry
from community.models import AuditEntry, Citizen, Role, User
from community.tests.factories import CitizenFactory, RoomFactory, UserFactory
from community.tests.test_settings import _manage
from matching.tests.factories import make_volunteer
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_citizens_past_their_retention_date_are_erased_and_the_erasure_is_logged(capsys):
    today = date.today()
    old = CitizenFactory(first_name="Udløbet", retain_until=today - timedelta(days=1))
    kept = CitizenFactory(first_name="Gyldig", retain_until=today + timedelta(days=30))
    call_command("apply_retention")
    assert "citizen: 1 citizen record(s)" in capsys.readouterr().out
    assert set(Citizen.objects.values_list("pk", flat=True)) == {kept.pk}
    entry = AuditEntry.objects.get(action="citizen.erased")
    assert entry.object_id == str(old.pk) and entry.purpose == "retention"


def test_a_new_citizen_record_gets_a_retention_date_by_default(settings):
    settings.RETENTION = {**settings.RETENTION, "citizen": 100}
    citizen = CitizenFactory(retain_until=None)
    assert citizen.retain_until == timezone.localdate() + timedelta(days=100)


# --- every kind of personal data in settings.RETENTION (issue 10, finding 7) ---


def run_retention(capsys) -> str:
    call_command("apply_retention")
    return capsys.readouterr().out


def test_volunteers_past_their_deletion_date_are_deleted_with_their_role_and_the_account_stays(
    capsys,
):
    today = timezone.localdate()
    expired = [make_volunteer(retain_until=today - timedelta(days=1 + n)) for n in range(10)]
    kept = make_volunteer(retain_until=today + timedelta(days=1))
    out = run_retention(capsys)
    assert "volunteer_after_deletion_date: 10 volunteer profile(s)" in out
    assert list(Volunteer.objects.values_list("pk", flat=True)) == [kept.pk]
    users = [v.user_id for v in expired]
    assert User.objects.filter(pk__in=users).count() == 10
    assert not Role.objects.filter(user_id__in=users, kind=Role.Kind.VOLUNTEER).exists()
    assert AuditEntry.objects.filter(action="volunteer.erased", purpose="retention").count() == 10


def test_a_grace_period_after_the_volunteers_deletion_date_comes_from_the_table(settings, capsys):
    settings.RETENTION = {**settings.RETENTION, "volunteer_after_deletion_date": 30}
    today = timezone.localdate()
    within = make_volunteer(retain_until=today - timedelta(days=30))
    make_volunteer(retain_until=today - timedelta(days=31))
    assert "volunteer_after_deletion_date: 1 " in run_retention(capsys)
    assert list(Volunteer.objects.values_list("pk", flat=True)) == [within.pk]


def test_a_volunteer_signing_up_gets_a_deletion_date_from_the_table(settings):
    from volunteers.services import volunteer_sign_up

    settings.RETENTION = {**settings.RETENTION, "volunteer": 400}
    volunteer = volunteer_sign_up(user=UserFactory(), data={"postcode": "8722"}, core_tasks=[])
    assert volunteer.retain_until == timezone.localdate() + timedelta(days=400)


def test_audit_entries_older_than_the_audit_period_are_deleted(settings, capsys):
    settings.RETENTION = {**settings.RETENTION, "audit_log": 365}
    now = timezone.now()
    old = AuditEntry.objects.create(action="citizen.read", at=now - timedelta(days=366))
    recent = AuditEntry.objects.create(action="citizen.read", at=now - timedelta(days=364))
    assert "audit_log: 1 audit log entries" in run_retention(capsys)
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()


@pytest.fixture
def booking():
    room = RoomFactory(lock_enabled=True)
    now = timezone.now()
    return Booking.objects.create(
        room=room,
        booked_by=UserFactory(),
        starts_at=now - timedelta(days=40, hours=2),
        ends_at=now - timedelta(days=40),
        status=Booking.Status.CONFIRMED,
    )


def test_door_events_and_codes_past_their_periods_are_deleted_in_one_summary_entry(booking, capsys):
    now = timezone.now()
    door = Door.objects.create(room=booking.room, name="Hoveddør", secret_hash="x")
    for age in [91, 120, 400]:
        AccessEvent.objects.create(
            door=door, booking=booking, granted=True, at=now - timedelta(days=age)
        )
    recent = AccessEvent.objects.create(door=door, granted=False, at=now - timedelta(days=89))
    DoorCode.objects.create(
        booking=booking, code="123456", valid_from=booking.starts_at, valid_until=booking.ends_at
    )
    AuditEntry.objects.all().delete()
    out = run_retention(capsys)
    assert "door_access_events: 3 door access event(s)" in out
    assert "door_codes: 1 door code(s)" in out
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not DoorCode.objects.exists() and Booking.objects.filter(pk=booking.pk).exists()
    # One summary entry, not a "deleted" entry per forgotten door event.
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["retention.applied"]
    assert AuditEntry.objects.get().data["door_access_events"] == 3


def test_bookings_and_waiting_list_entries_past_their_periods_are_deleted(
    settings, booking, capsys
):
    settings.RETENTION = {**settings.RETENTION, "bookings": 39, "waitlist_entries": 30}
    now = timezone.now()
    WaitlistEntry.objects.create(
        room=booking.room,
        user=UserFactory(),
        starts_at=now - timedelta(days=31, hours=1),
        ends_at=now - timedelta(days=31),
    )
    future = WaitlistEntry.objects.create(
        room=booking.room, user=UserFactory(), starts_at=now, ends_at=now + timedelta(hours=1)
    )
    out = run_retention(capsys)
    assert "bookings: 1 " in out and "waitlist_entries: 1 " in out
    assert not Booking.objects.exists()
    assert list(WaitlistEntry.objects.values_list("pk", flat=True)) == [future.pk]


def test_a_problem_reports_contact_is_forgotten_after_its_period_and_the_report_stays(capsys):
    from maps.models import Facility, Layer, ProblemReport
    from maps.services import layers_seed

    layers_seed()
    facility = Facility.objects.create(
        name="Shelteret",
        layer=Layer.objects.first(),
        geometry={"type": "Point", "coordinates": [9.71, 55.77]},
    )
    now = timezone.now()
    reporter = UserFactory()
    old = ProblemReport.objects.create(
        facility=facility,
        description="Taget er utæt",
        reporter_email="mette@example.dk",
        reporter=reporter,
        created_at=now - timedelta(days=91),
    )
    new = ProblemReport.objects.create(
        facility=facility, description="Bænken er væk", reporter_email="ole@example.dk"
    )
    assert "problem_report_contact: 1 " in run_retention(capsys)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.reporter_email, old.reporter, old.description) == ("", None, "Taget er utæt")
    assert new.reporter_email == "ole@example.dk"


def test_running_retention_twice_deletes_nothing_the_second_time(booking, capsys):
    today = timezone.localdate()
    CitizenFactory(retain_until=today - timedelta(days=1))
    make_volunteer(retain_until=today - timedelta(days=1))
    door = Door.objects.create(room=booking.room, name="Hoveddør", secret_hash="x")
    AccessEvent.objects.create(door=door, granted=True, at=timezone.now() - timedelta(days=100))
    first = run_retention(capsys)
    assert "citizen: 1 " in first and "volunteer_after_deletion_date: 1 " in first
    second = run_retention(capsys)
    counts = [int(line.split()[1]) for line in second.splitlines()]
    assert len(counts) == len(settings.RETENTION) - 1  # "volunteer" only sets the date
    assert set(counts) == {0}


def test_a_retention_period_is_overridden_by_its_environment_variable():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.RETENTION)",
        RETENTION_AUDIT_LOG_DAYS="123",
    )
    assert result.returncode == 0, result.stderr
    assert "'audit_log': 123" in result.stdout


def test_a_negative_retention_period_stops_the_platform_from_starting():
    result = _manage("check", RETENTION_DOOR_ACCESS_EVENTS_DAYS="-1")
    assert result.returncode != 0 and "must not be negative" in result.stderr
