"""The waitlist: who is told first when a taken time becomes free."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import (
    Room,
    WaitlistEntry,
)
from bookings.services.mail import after_commit, mail_waitlist
from bookings.services.rules import (
    BookingRefused,
    blocked_span,
    find_clashes,
    related_room_ids,
    units_of,
)
from community import access
from community.audit import log_action


def waitlist_join(*, room: Room, starts_at, ends_at, user, association=None) -> WaitlistEntry:
    if association is not None and association.pk not in access.association_ids(user):
        raise BookingRefused(
            _("Du er ikke repræsentant for %(name)s.") % {"name": association.name}
        )
    entry = WaitlistEntry(
        room=room, user=user, association=association, starts_at=starts_at, ends_at=ends_at
    )
    entry.full_clean()
    entry.save()
    log_action(
        "waitlist.joined",
        obj=entry,
        actor=user,
        data={"room_id": room.pk, "starts_at": starts_at.isoformat()},
    )
    return entry


def offer_waitlist(room: Room, starts_at, ends_at) -> WaitlistEntry | None:
    """Offer a freed slot to the first person waiting for it whose whole wish is now free."""
    candidates = WaitlistEntry.objects.filter(
        room_id__in=related_room_ids(room.pk),
        status=WaitlistEntry.Status.WAITING,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).select_related("room", "user")
    for entry in candidates:
        units = units_of(entry.room)
        if find_clashes(
            units, [blocked_span(entry.room, entry.starts_at, entry.ends_at)], exclude_booking=None
        ):
            continue
        entry.status = WaitlistEntry.Status.OFFERED
        entry.offered_at = timezone.now()
        entry.save(update_fields=["status", "offered_at"])
        log_action("waitlist.offered", obj=entry, data={"room_id": entry.room_id})
        after_commit(lambda e=entry: mail_waitlist(e))
        return entry
    return None
