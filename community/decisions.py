"""A decision on something that waited for one (a booking, a proposal, an application)."""

from __future__ import annotations

from django.utils import timezone


def record_decision(obj, *, status, by, **fields) -> None:
    """Set the new status, who decided and when (and any other fields given), and save just those."""
    obj.status = status
    obj.decided_by = by
    obj.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=["status", "decided_by", "decided_at", *fields])
