"""The bookings a person made, for "Mine oplysninger" (found by community.personal_data)."""

from django.utils.translation import gettext as _

from bookings.models import Booking
from community.personal_data import Section, record


def sections(user) -> list[Section]:
    bookings = Booking.objects.filter(booked_by=user).select_related("room", "association")
    return [
        Section(
            "bookings",
            _("Dine bookinger"),
            # SEQUENCE is the calendar feeds' counter, not something anyone told us.
            [
                record(b, exclude=("booked_by", "series", "decided_by", "sequence"))
                for b in bookings
            ],
        )
    ]
