"""Who may book which room, for whom, and who may see, change, approve or cancel a booking."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bookings.models import Booking, Room
from community import access
from community.access.associations import associations_of, certificate_is_current, may_act_for
from community.models import Association


def can_view_utilisation(user) -> bool:
    return access.is_admin(user)


def can_manage_rooms(user) -> bool:
    return access.is_admin(user)


def bookable_associations(user) -> list[Association]:
    """The approved associations this user may book for."""
    return [a for a in associations_of(user) if a.status == Association.Status.APPROVED]


def booking_refusal(user, room: Room, association: Association | None = None) -> str | None:
    """Why this user may not book this room (for this association), or None when they may."""
    if not getattr(user, "is_authenticated", False):
        return _("Du skal være logget ind for at booke.")
    if association is not None:
        if not may_act_for(user, association):
            return _("Du er ikke repræsentant for %(name)s.") % {"name": association.name}
        if association.status != Association.Status.APPROVED:
            return _(
                "%(name)s er endnu ikke godkendt af kommunen, så foreningen kan ikke booke."
            ) % {"name": association.name}
        if not room.bookable_by_associations:
            return _("Dette lokale kan ikke bookes af foreninger.")
        if not certificate_is_current(association):
            return _(
                "%(name)s arbejder med børn, og foreningens børneattest-erklæring er mere end 12 "
                "måneder gammel. Afgiv en ny erklæring, før I booker."
            ) % {"name": association.name}
        return None
    if access.is_staff_member(user):
        if room.bookable_by_staff or room.bookable_by_citizens:
            return None
        return _("Dette lokale kan ikke bookes af medarbejdere.")
    if not room.bookable_by_citizens:
        return _("Dette lokale kan kun bookes af godkendte foreninger.")
    return None


def may_book_room(user, room: Room) -> bool:
    """True when the user may book the room for themselves or for one of their associations."""
    if booking_refusal(user, room) is None:
        return True
    return any(booking_refusal(user, room, a) is None for a in associations_of(user))


def can_approve(user, room: Room) -> bool:
    """Administrators, and the local-area contacts of the room's area, approve its bookings."""
    if access.is_admin(user):
        return True
    return room.building.local_area_id in access.area_ids(user)


def approval_queue_for(user) -> QuerySet[Booking]:
    """Pending bookings this user may decide on."""
    pending = Booking.objects.filter(status=Booking.Status.PENDING)
    if access.is_admin(user):
        return pending
    areas = access.area_ids(user)
    if not areas:
        return Booking.objects.none()
    return pending.filter(room__building__local_area_id__in=areas)


def own_bookings(user) -> QuerySet[Booking]:
    """What "My bookings" lists, in the page and the API: hers and her associations'."""
    if not getattr(user, "is_authenticated", False):
        return Booking.objects.none()
    return Booking.objects.filter(
        Q(booked_by=user) | Q(association_id__in=access.association_ids(user))
    )


def bookings_visible_to(user) -> QuerySet[Booking]:
    """The user's own bookings, their associations' bookings and, for approvers, those of their rooms."""
    if not getattr(user, "is_authenticated", False):
        return Booking.objects.none()
    if access.is_admin(user):
        return Booking.objects.all()
    condition = Q(booked_by=user) | Q(association_id__in=access.association_ids(user))
    areas = access.area_ids(user)
    if areas:
        condition |= Q(room__building__local_area_id__in=areas)
    return Booking.objects.filter(condition)


def can_change_booking(user, booking: Booking) -> bool:
    """The booker, a representative of the booking's association, or an approver of the room."""
    if booking.booked_by_id == user.pk:
        return True
    if booking.association_id and booking.association_id in access.association_ids(user):
        return True
    return can_approve(user, booking.room)


def ignores_cancel_deadline(user, booking: Booking) -> bool:
    """Staff who approve the room may cancel after the deadline (e.g. the hall is needed for an election)."""
    return can_approve(user, booking.room)


def get_booking_for(user, pk) -> Booking:
    return access.first_or_404(
        bookings_visible_to(user).select_related(
            "room__building", "association", "booked_by", "series"
        ),
        pk,
        _("Bookingen findes ikke, eller du har ikke adgang til den."),
    )
