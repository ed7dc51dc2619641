"""Calendar feeds (iCal) behind unguessable addresses: a room's bookings, an association's with door codes."""

from __future__ import annotations

import icalendar
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import selectors
from bookings.models import Room
from community.access import bookings as booking_access
from community.models import Association
from community.municipality import current_municipality


def _calendar(name: str, bookings, *, show_code: bool) -> HttpResponse:
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Samskab//{current_municipality().authority_name}//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    # DTSTAMP is when this feed was made; clients that keep an event decide whether to replace it
    # by SEQUENCE (changes of time or room) and LAST-MODIFIED (any change of the booking).
    made_at = timezone.now()
    for booking in bookings:
        event = icalendar.Event()
        event.add("uid", f"booking-{booking.pk}@samskab")
        event.add("dtstamp", made_at)
        event.add("last-modified", booking.modified_at)
        event.add("sequence", booking.sequence)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        summary = booking.title or (
            booking.association.name if booking.association else _("Booket")
        )
        event.add("summary", f"{summary} ({booking.room.name})")
        event.add("location", f"{booking.room.building.name}, {booking.room.building.address}")
        code = booking.live_door_code if show_code else None
        if code is not None:
            event.add("description", _("Dørkode: %(code)s") % {"code": code.code})
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def room_feed(request, token):
    """The room's confirmed bookings as iCal. The unguessable token is the key; no names of citizens."""
    room = Room.objects.select_related("building").filter(feed_token=token).first()
    if room is None or len(token) < 20:
        raise Http404
    bookings = list(selectors.bookings_of_room_feed(room))
    for b in bookings:
        if b.association is None:
            b.title = ""
    return _calendar(str(room), bookings, show_code=False)


def association_feed(request, token):
    """The association's bookings with their door codes, as iCal behind an unguessable token."""
    association = Association.objects.filter(feed_token=token).first()
    if association is None or len(token) < 20:
        raise Http404
    return _calendar(
        association.name, selectors.bookings_of_association_feed(association), show_code=True
    )


@login_required
def booking_ics(request, pk):
    """One booking as an .ics file to put in one's own calendar, with its door code."""
    booking = booking_access.get_booking_for(request.user, pk)
    response = _calendar(str(booking.room), [booking], show_code=True)
    response["Content-Disposition"] = f'attachment; filename="booking-{booking.pk}.ics"'
    return response
