"""The audit log: state changes of our models, and every read of a citizen's record with its purpose."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save

AUDITED_APPS = {"community", "localareas", "volunteers", "maps", "matching"}
# The log names these records by id, not by the person: it outlives their erasure, and administrators,
# who read it, see no citizens (community.access.citizens_visible_to).
NAMELESS_MODELS = {"community.citizen"}
_actor: contextvars.ContextVar = contextvars.ContextVar("audit_actor", default=None)
_ip: contextvars.ContextVar = contextvars.ContextVar("audit_ip", default=None)


@contextmanager
def acting_as(user, ip: str | None = None):
    """Attribute every change inside the block to this user (set per request by the middleware)."""
    token_a = _actor.set(user if user is not None and user.is_authenticated else None)
    token_i = _ip.set(ip)
    try:
        yield
    finally:
        _actor.reset(token_a)
        _ip.reset(token_i)


def current_actor():
    return _actor.get()


def _label(obj) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    if obj._meta.label_lower in NAMELESS_MODELS:
        return obj._meta.label_lower, str(obj.pk or ""), f"{obj._meta.verbose_name} #{obj.pk}"
    try:
        text = str(obj)
    except ObjectDoesNotExist:
        # A row deleted in a cascade whose __str__ reads a row the same cascade deleted first
        # (a council member's role, when the council goes).
        text = f"{obj._meta.verbose_name} #{obj.pk}"
    return obj._meta.label_lower, str(obj.pk or ""), text[:200]


def log_action(action: str, *, obj=None, actor=None, purpose: str = "", data: dict | None = None):
    """Write one audit entry; the actor defaults to the user of the current request."""
    from community.models import AuditEntry

    actor = actor if actor is not None else current_actor()
    object_type, object_id, object_repr = _label(obj)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "email", "") or "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        purpose=purpose,
        data=data or {},
        ip=_ip.get(),
    )


def log_reads(objects, *, actor, purpose: str, action: str = "read") -> None:
    """One audit entry per record read, written in one query (exports read many at once)."""
    from community.models import AuditEntry

    entries = []
    for obj in objects:
        object_type, object_id, object_repr = _label(obj)
        entries.append(
            AuditEntry(
                actor=actor if getattr(actor, "pk", None) else None,
                actor_label=getattr(actor, "email", "") or "system",
                action=action,
                object_type=object_type,
                object_id=object_id,
                object_repr=object_repr,
                purpose=purpose,
                ip=_ip.get(),
            )
        )
    AuditEntry.objects.bulk_create(entries)


def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    update_fields = kwargs.get("update_fields")
    data = {"fields": sorted(update_fields)} if update_fields else {}
    log_action("created" if created else "changed", obj=instance, data=data)


def _on_delete(sender, instance, **kwargs):
    log_action("deleted", obj=instance)


def connect_signals() -> None:
    from community.models import AuditEntry

    for model in apps.get_models():
        if model._meta.app_label in AUDITED_APPS and model is not AuditEntry:
            post_save.connect(
                _on_save, sender=model, dispatch_uid=f"audit-save-{model._meta.label}"
            )
            post_delete.connect(
                _on_delete, sender=model, dispatch_uid=f"audit-delete-{model._meta.label}"
            )
