"""Door codes, lock secrets and the door check: a code opens a door only while its booking holds
every unit behind that door."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from bookings.models import (
    AccessEvent,
    Booking,
    Door,
    DoorCode,
    Room,
)
from bookings.services.rules import LockSecretRateLimited, units_of
from community import ratelimit
from community.audit import log_action, log_many

DOOR_CODE_MARGIN = timedelta(minutes=15)
DOOR_FAILURES_ALLOWED = 5
DOOR_FAILURE_WINDOW_S = 10 * 60
# Wrong lock secrets: from one client address, and for one door from anywhere (higher, as
# many addresses may be guessing at once; a door locked out this way still needs its secret).
LOCK_SECRET_FAILURES_PER_CLIENT = 10
LOCK_SECRET_FAILURES_PER_DOOR = 30
LOCK_SECRET_FAILURE_WINDOW_S = 15 * 60


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def issue_door_codes(bookings: list[Booking], *, actor=None) -> None:
    """Give each confirmed booking of a lock-enabled room a code no other booking has at the same time."""
    bookings = [b for b in bookings if b.room.lock_enabled]
    if not bookings:
        return
    lo = min(b.starts_at for b in bookings) - DOOR_CODE_MARGIN
    hi = max(b.ends_at for b in bookings) + DOOR_CODE_MARGIN
    taken = list(
        DoorCode.objects.filter(
            revoked_at__isnull=True, valid_from__lt=hi, valid_until__gt=lo
        ).values_list("code", "valid_from", "valid_until")
    )
    codes = []
    for b in bookings:
        start, end = b.starts_at - DOOR_CODE_MARGIN, b.ends_at + DOOR_CODE_MARGIN
        busy = {c for c, f, u in taken if f < end and u > start}
        code = _new_code()
        while code in busy:
            code = _new_code()
        taken.append((code, start, end))
        codes.append(DoorCode(booking=b, code=code, valid_from=start, valid_until=end))
    DoorCode.objects.bulk_create(codes)
    # The entry names the booking, never the code: the log is read by more people than the code is for.
    log_many("booking.door_code_issued", bookings, actor=actor)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def door_create(*, room: Room, name: str) -> tuple[Door, str]:
    """A new door and its lock secret; the secret is shown once and only its hash is kept."""
    secret = secrets.token_urlsafe(32)
    door = Door(room=room, name=name, secret_hash=hash_secret(secret))
    door.full_clean()
    door.save()
    log_action("door.created", obj=door)
    return door, secret


def door_rotate_secret(*, door: Door) -> str:
    secret = secrets.token_urlsafe(32)
    door.secret_hash = hash_secret(secret)
    door.save(update_fields=["secret_hash"])
    log_action("door.secret_rotated", obj=door)
    return secret


def door_authenticate(door_id, secret: str, *, client_ip: str) -> Door | None:
    """The door whose lock presents this secret, or None; too many wrong secrets lock guessing out."""
    door = Door.objects.select_related("room").filter(pk=door_id).first()
    limits = [(f"lock-secret-failures:ip:{client_ip}", LOCK_SECRET_FAILURES_PER_CLIENT)]
    if door is not None:
        limits.append((f"lock-secret-failures:door:{door.pk}", LOCK_SECRET_FAILURES_PER_DOOR))
    for key, allowed in limits:
        if ratelimit.count(key) >= allowed:
            raise LockSecretRateLimited(ratelimit.retry_after_s(key, LOCK_SECRET_FAILURE_WINDOW_S))
    if (
        door is None
        or not secret
        or not secrets.compare_digest(door.secret_hash, hash_secret(secret))
    ):
        for key, _allowed in limits:
            ratelimit.record(key, LOCK_SECRET_FAILURE_WINDOW_S)
        return None
    return door


def _failure_key(door: Door) -> str:
    return f"door-failures:{door.pk}"


def door_code_retry_after_s(door: Door) -> int:
    """Seconds until this door takes codes again after too many wrong ones."""
    return ratelimit.retry_after_s(_failure_key(door), DOOR_FAILURE_WINDOW_S)


def door_check(*, door: Door, code: str, at: datetime | None = None) -> tuple[bool, str]:
    """Does this code open this door now? Records an access event; too many wrong codes lock guessing out."""
    at = at or timezone.now()
    if ratelimit.count(_failure_key(door)) >= DOOR_FAILURES_ALLOWED:
        AccessEvent.objects.create(door=door, at=at, granted=False, reason="rate_limited")
        return False, "rate_limited"
    # A code opens a door only when its booking holds every unit behind that door: the whole
    # hall's booking opens Hal A's door, Hal A's booking opens neither Hal B's nor the whole hall's.
    door_units = units_of(door.room)
    match = (
        DoorCode.objects.filter(
            code=str(code).strip(),
            revoked_at__isnull=True,
            valid_from__lte=at,
            valid_until__gte=at,
            booking__status=Booking.Status.CONFIRMED,
        )
        .annotate(
            units_held=Count(
                "booking__slots__unit",
                filter=Q(booking__slots__unit_id__in=door_units),
                distinct=True,
            )
        )
        .filter(units_held=len(door_units))
        .select_related("booking")
        .first()
    )
    if match is None:
        ratelimit.record(_failure_key(door), DOOR_FAILURE_WINDOW_S)
        AccessEvent.objects.create(door=door, at=at, granted=False, reason="wrong_code")
        return False, "wrong_code"
    AccessEvent.objects.create(door=door, at=at, granted=True, booking=match.booking, reason="ok")
    return True, "ok"
