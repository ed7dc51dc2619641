"""Single bookings: create, move, approve, reject, cancel. Each state change re-reads the booking under
a row lock (`_lock()`), so two coordinators deciding at once cannot both win.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import (
    Booking,
    BookingSlot,
    DoorCode,
    Room,
)
from bookings.services.doors import DOOR_CODE_MARGIN, issue_door_codes
from bookings.services.mail import after_commit, mail_booking
from bookings.services.rules import (
    BookingConflict,
    BookingRefused,
    check_head_count,
    check_may_book,
    clashes_of,
    fmt,
    hold,
    initial_status,
    new_booking,
    occurrence_problem,
    price_for,
    units_of,
)
from bookings.services.waitlist import offer_waitlist
from community.access import bookings as booking_access
from community.audit import log_action
from community.decisions import record_decision
from community.models import Association


def booking_create(
    *,
    room: Room,
    starts_at: datetime,
    ends_at: datetime,
    booked_by,
    association: Association | None = None,
    title: str = "",
    head_count: int | None = None,
    now: datetime | None = None,
) -> Booking:
    """Book a room once. Confirmed at once (with a door code), or pending when the room needs approval."""
    check_may_book(booked_by, room, association)
    check_head_count(room, head_count)
    problem = occurrence_problem(room, starts_at, ends_at, now=now)
    if problem:
        raise BookingRefused(problem)
    booking = new_booking(
        room=room,
        booked_by=booked_by,
        association=association,
        title=title,
        head_count=head_count,
        starts_at=starts_at,
        ends_at=ends_at,
        status=initial_status(room, booked_by),
    )
    booking.full_clean()
    units = units_of(room)
    with transaction.atomic():
        if booking.status == Booking.Status.CONFIRMED:
            booking.save()
            hold([booking], units=units)
        else:
            # A request for a slot that is already confirmed to someone else is refused at once.
            if clashes_of(room, units, [(starts_at, ends_at)]):
                raise BookingConflict(
                    _("Lokalet er allerede booket %(when)s. Vælg et andet tidspunkt.")
                    % {"when": fmt(starts_at)}
                )
            booking.save()
        log_action(
            "booking.created",
            obj=booking,
            actor=booked_by,
            data={"status": booking.status, "starts_at": booking.starts_at.isoformat()},
        )
        if booking.status == Booking.Status.CONFIRMED:
            issue_door_codes([booking], actor=booked_by)
        after_commit(lambda: mail_booking(booking, "received"))
    return booking


def _lock(booking: Booking) -> None:
    """Take the booking's row lock and re-read it: another request may have changed its state.

    Every state change of a booking runs its checks after this, inside the same transaction, so an
    approval and a cancellation at the same moment are decided one after the other. The booking's
    row is locked before any room row, in every service, so two of them never deadlock.
    """
    Booking.objects.select_for_update().filter(pk=booking.pk).values_list("pk").first()
    booking.refresh_from_db(
        fields=[
            "status",
            "starts_at",
            "ends_at",
            "sequence",
            "decided_by",
            "decided_at",
            "cancelled_at",
        ]
    )


def booking_update(
    *, booking: Booking, starts_at: datetime, ends_at: datetime, changed_by, now=None
) -> Booking:
    """Move a booking to another time on the same room, through the same check as a new booking."""
    problem = occurrence_problem(booking.room, starts_at, ends_at, now=now)
    if problem:
        raise BookingRefused(problem)
    units = units_of(booking.room)
    with transaction.atomic():
        _lock(booking)
        if not booking.is_active:
            raise BookingRefused(_("Bookingen er aflyst eller afvist og kan ikke ændres."))
        moved_from = booking.starts_at.isoformat()
        booking.reschedule(starts_at=starts_at, ends_at=ends_at)
        booking.price_dkk = price_for(booking.room, booking.association, starts_at, ends_at)
        booking.full_clean()
        if booking.status == Booking.Status.CONFIRMED:
            # The booking's own old slots go first, so the new time is checked against the others only.
            BookingSlot.objects.filter(booking=booking).delete()
            hold([booking], units=units, exclude_booking=booking.pk)
            booking.save()
            DoorCode.objects.filter(booking=booking).update(
                valid_from=starts_at - DOOR_CODE_MARGIN, valid_until=ends_at + DOOR_CODE_MARGIN
            )
        else:
            booking.save()
        log_action(
            "booking.moved",
            obj=booking,
            actor=changed_by,
            data={"from": moved_from, "to": starts_at.isoformat()},
        )
    return booking


def booking_approve(*, booking: Booking, decided_by) -> Booking:
    """Confirm a pending booking: the approval goes through the same locked clash check."""
    if not booking_access.can_approve(decided_by, booking.room):
        raise BookingRefused(_("Du kan ikke godkende bookinger af dette lokale."))
    units = units_of(booking.room)
    with transaction.atomic():
        _lock(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingRefused(_("Bookingen afventer ikke godkendelse."))
        hold([booking], units=units)
        record_decision(booking, status=Booking.Status.CONFIRMED, by=decided_by)
        log_action("booking.approved", obj=booking, actor=decided_by)
        issue_door_codes([booking], actor=decided_by)
        after_commit(lambda: mail_booking(booking, "approved"))
    return booking


def booking_reject(*, booking: Booking, decided_by, note: str = "") -> Booking:
    if not booking_access.can_approve(decided_by, booking.room):
        raise BookingRefused(_("Du kan ikke afvise bookinger af dette lokale."))
    with transaction.atomic():
        _lock(booking)
        if booking.status != Booking.Status.PENDING:
            raise BookingRefused(_("Bookingen afventer ikke godkendelse."))
        record_decision(booking, status=Booking.Status.REJECTED, by=decided_by, note=note[:300])
        log_action("booking.rejected", obj=booking, actor=decided_by, data={"note": booking.note})
        after_commit(lambda: mail_booking(booking, "rejected"))
    return booking


def cancel_deadline(booking: Booking) -> datetime:
    return booking.starts_at - timedelta(hours=booking.room.cancel_deadline_hours)


def booking_cancel(*, booking: Booking, cancelled_by, now=None) -> Booking:
    """Cancel before the room's deadline (approvers may always); revoke the door code, offer the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(booking)
        if not booking.is_active:
            raise BookingRefused(_("Bookingen er allerede aflyst eller afvist."))
        if booking.ends_at <= now:
            raise BookingRefused(_("Bookingen er overstået og kan ikke aflyses."))
        if now > cancel_deadline(booking) and not booking_access.ignores_cancel_deadline(
            cancelled_by, booking
        ):
            raise BookingRefused(
                _(
                    "Fristen for at aflyse var %(deadline)s (%(hours)s timer før). Kontakt "
                    "kommunen, hvis I alligevel ikke kan bruge lokalet."
                )
                % {
                    "deadline": fmt(cancel_deadline(booking)),
                    "hours": booking.room.cancel_deadline_hours,
                }
            )
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        BookingSlot.objects.filter(booking=booking).delete()
        revoked = DoorCode.objects.filter(booking=booking, revoked_at__isnull=True).update(
            revoked_at=now
        )
        log_action(
            "booking.cancelled",
            obj=booking,
            actor=cancelled_by,
            data={"door_codes_revoked": revoked},
        )
        offer_waitlist(booking.room, booking.starts_at, booking.ends_at)
        after_commit(lambda: mail_booking(booking, "cancelled"))
    return booking
