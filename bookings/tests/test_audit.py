"""Every state change of a booking, series, door code or waitlist place writes an audit entry (pretix-style)."""

from datetime import time, timedelta

import pytest
from django.core.management import call_command

from bookings import services
from bookings.models import WaitlistEntry
from bookings.tests.conftest import book, holiday_free_weekday, next_weekday, slot, weekly
from community.models import AuditEntry
from community.tests.factories import RoomFactory, UserFactory, administrator

pytestmark = pytest.mark.django_db


def actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_every_change_of_a_booking_is_in_the_audit_log_with_who_made_it(room, club, rep):
    approver = administrator()
    room.requires_approval = True
    room.save()
    booking = book(room, rep, next_weekday(1), time(10), time(12), club)
    services.booking_approve(booking=booking, decided_by=approver)
    s, e = slot(next_weekday(1), time(13), time(15))
    services.booking_update(booking=booking, starts_at=s, ends_at=e, changed_by=rep)
    services.booking_cancel(booking=booking, cancelled_by=rep)
    entries = list(
        AuditEntry.objects.filter(object_type="bookings.booking", object_id=str(booking.pk))
        .order_by("pk")
        .values_list("action", "actor_id")
    )
    assert [a for a, _actor in entries if a.startswith("booking.")] == [
        "booking.created",
        "booking.approved",
        "booking.door_code_issued",
        "booking.moved",
        "booking.cancelled",
    ]
    assert ("booking.approved", approver.pk) in entries
    assert ("booking.cancelled", rep.pk) in entries


def test_a_door_code_is_audited_by_its_booking_and_the_log_never_holds_the_code(room, club, rep):
    booking = book(room, rep, next_weekday(2), time(10), time(12), club)
    code = booking.door_code.code
    assert "booking.door_code_issued" in actions(booking)
    assert AuditEntry.objects.get(action="booking.door_code_issued").actor == rep
    logged = AuditEntry.objects.values_list("object_repr", "data")
    assert not [row for row in logged if code in str(row)]


def test_reminders_sent_in_bulk_are_each_audited_once(club, rep):
    booking = book(RoomFactory(), rep, next_weekday(1), time(10), time(12), club)
    call_command("send_booking_reminders", "--hours", str(24 * 30))
    call_command("send_booking_reminders", "--hours", str(24 * 30))
    assert actions(booking).count("booking.reminder_sent") == 1


def test_joining_the_waitlist_and_being_offered_a_freed_time_are_audited(club, rep):
    room = RoomFactory()
    day = next_weekday(2)
    booking = book(room, rep, day, time(18), time(20), club)
    waiting = UserFactory()
    s, e = slot(day, time(18), time(19))
    entry = services.waitlist_join(room=room, starts_at=s, ends_at=e, user=waiting)
    services.booking_cancel(booking=booking, cancelled_by=rep)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert actions(entry) == ["waitlist.joined", "waitlist.offered"]
    joined = AuditEntry.objects.get(action="waitlist.joined")
    assert joined.actor == waiting


def test_approving_and_cancelling_a_series_is_audited_with_the_counts(club, rep):
    room = RoomFactory(requires_approval=True)
    first = holiday_free_weekday(1, 3)
    series = services.series_create(
        room=room,
        pattern=weekly(first, first + timedelta(weeks=3)),
        booked_by=rep,
        association=club,
    )
    ada = administrator()
    services.series_approve(series=series, decided_by=ada)
    services.series_cancel(series=series, cancelled_by=rep)
    approved = AuditEntry.objects.get(action="series.approved")
    cancelled = AuditEntry.objects.get(action="series.cancelled")
    assert approved.actor == ada and approved.data["approved"] == 4
    assert cancelled.actor == rep and cancelled.data["cancelled"] == 4
    assert cancelled.data["kept"] == 0 and len(cancelled.data["dates"]) == 4
