"""Writes of the bookings domain, one module per theme; callers import from here.

rules: the rules of one occurrence and the guarded insert (`hold()`) that every booking path uses.
booking: single bookings. series: weekly series. doors: door codes and the door check.
waitlist: who is told when a time becomes free. mail: the e-mails, sent after commit.
"""

from bookings.services.booking import (
    booking_approve,
    booking_cancel,
    booking_create,
    booking_reject,
    booking_update,
    cancel_deadline,
)
from bookings.services.doors import (
    DOOR_CODE_MARGIN,
    DOOR_FAILURE_WINDOW_S,
    DOOR_FAILURES_ALLOWED,
    LOCK_SECRET_FAILURE_WINDOW_S,
    LOCK_SECRET_FAILURES_PER_CLIENT,
    LOCK_SECRET_FAILURES_PER_DOOR,
    door_authenticate,
    door_check,
    door_code_retry_after_s,
    door_create,
    door_rotate_secret,
    hash_secret,
)
from bookings.services.mail import booking_reminders_send, muted_mail
from bookings.services.rules import (
    COPENHAGEN,
    BookingConflict,
    BookingRefused,
    LockSecretRateLimited,
    at_local,
    fmt,
    local,
    occurrence_problem,
    related_room_ids,
    unit_map,
    units_of,
)
from bookings.services.series import (
    Occurrence,
    WeeklyPattern,
    series_approve,
    series_cancel,
    series_cancellable,
    series_create,
    series_dates,
    series_preview,
)
from bookings.services.waitlist import waitlist_join

__all__ = [
    "COPENHAGEN",
    "DOOR_CODE_MARGIN",
    "DOOR_FAILURES_ALLOWED",
    "DOOR_FAILURE_WINDOW_S",
    "LOCK_SECRET_FAILURES_PER_CLIENT",
    "LOCK_SECRET_FAILURES_PER_DOOR",
    "LOCK_SECRET_FAILURE_WINDOW_S",
    "BookingConflict",
    "BookingRefused",
    "LockSecretRateLimited",
    "Occurrence",
    "at_local",
    "booking_approve",
    "booking_cancel",
    "booking_create",
    "booking_reject",
    "booking_reminders_send",
    "booking_update",
    "cancel_deadline",
    "door_authenticate",
    "door_check",
    "door_code_retry_after_s",
    "door_create",
    "door_rotate_secret",
    "fmt",
    "hash_secret",
    "local",
    "muted_mail",
    "occurrence_problem",
    "related_room_ids",
    "series_approve",
    "series_cancel",
    "series_cancellable",
    "series_create",
    "WeeklyPattern",
    "series_dates",
    "series_preview",
    "unit_map",
    "units_of",
    "waitlist_join",
]
