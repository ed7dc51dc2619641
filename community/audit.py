"""The audit log: every state change, and every read of a citizen's record with its purpose.

As in pretix, the service that changes the state writes the entry: `log_action("booking.approved",
obj=booking, actor=user, data={...})`, with a dotted name (`<thing>.<what happened>`), bulk `update()`
paths included (`log_many`). A generic entry is written only for edits in the Django admin, which
calls no service (see AuditedAdmin in community/admin_site.py).
"""

from __future__ import annotations

import contextvars
import json
import re
from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

CITIZEN_TYPE = "community.citizen"
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


def citizen_label(pk) -> str:
    """How the audit log names a citizen: by id, never by name (the log is read by administrators)."""
    return f"Borger #{pk}"


def _label(obj) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    object_type = obj._meta.label_lower
    if object_type == CITIZEN_TYPE:
        return object_type, str(obj.pk or ""), citizen_label(obj.pk or "")
    try:
        text = str(obj)
    except ObjectDoesNotExist:
        # A row deleted in a cascade whose __str__ reads a row the same cascade deleted first
        # (a council member's role, when the council goes).
        text = f"{obj._meta.verbose_name} #{obj.pk}"
    return object_type, str(obj.pk or ""), text[:200]


def _citizen_of(obj):
    """The citizen an object is about: the citizen herself, or the citizen of a need, match or follow-up."""
    while obj is not None and obj._meta.label_lower != CITIZEN_TYPE:
        fields = {f.name for f in obj._meta.concrete_fields}
        step = next((name for name in ("citizen", "need", "match") if name in fields), None)
        obj = getattr(obj, step) if step else None
    return obj


def _actor_label(actor, obj) -> str:
    """The actor's e-mail; a citizen reading her own record is named by her id, like the record."""
    own_record = (
        obj is not None
        and obj._meta.label_lower == CITIZEN_TYPE
        and getattr(actor, "pk", None)
        and obj.user_id == actor.pk
    )
    if own_record:
        return citizen_label(obj.pk)
    return getattr(actor, "email", "") or "system"


def citizen_names(citizen) -> list[str]:
    """The ways a citizen's name is written: the full name first, so it is replaced whole."""
    full = f"{citizen.first_name} {citizen.last_name}".strip()
    return [n for n in dict.fromkeys([full, citizen.last_name, citizen.first_name]) if n]


def scrub_text(text: str, citizen, *, names: list[str] | None = None) -> str:
    """Replace the citizen's name in free text (a reason typed by a coordinator) by the id form.

    One pass over all forms of the name, longest first, so an inserted "Borger #12" is never rescanned.
    """
    forms = sorted(names if names is not None else citizen_names(citizen), key=len, reverse=True)
    if not forms or not text:
        return text
    pattern = r"\b(?:" + "|".join(re.escape(n) for n in forms) + r")\b"
    return re.sub(pattern, citizen_label(citizen.pk), text, flags=re.IGNORECASE)


def _scrub(value, citizen, names):
    if isinstance(value, str):
        return scrub_text(value, citizen, names=names)
    if isinstance(value, list):
        return [_scrub(v, citizen, names) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, citizen, names) for k, v in value.items()}
    return value


def forget_citizen_name(citizen) -> int:
    """Erasure: remove every trace of the citizen's full name from the audit log; returns rows changed.

    Only the full name is replaced across the log: a first or last name alone is someone else's too.
    The entries the citizen wrote herself (a logged-in citizen's own reads) lose her e-mail as actor.
    """
    from community.models import AuditEntry

    full = f"{citizen.first_name} {citizen.last_name}".strip()
    # SQLite stores JSON with non-ASCII escaped ("S\u00f8ren"), PostgreSQL does not: look for both.
    escaped = json.dumps(full)[1:-1]
    mentions = Q(object_repr__icontains=full) | Q(purpose__icontains=full)
    for form in {full, escaped}:
        mentions |= Q(data_text__icontains=form)
    own = Q(object_type=CITIZEN_TYPE, object_id=str(citizen.pk))
    if citizen.user_id:
        mentions |= own & Q(actor_id=citizen.user_id)
    changed = []
    rows = AuditEntry.objects.annotate(data_text=Cast("data", TextField())).filter(mentions)
    for entry in rows:
        entry.object_repr = scrub_text(entry.object_repr, citizen, names=[full])
        entry.purpose = scrub_text(entry.purpose, citizen, names=[full])
        entry.data = _scrub(entry.data, citizen, [full])
        if citizen.user_id and entry.actor_id == citizen.user_id:
            entry.actor, entry.actor_label = None, citizen_label(citizen.pk)
        changed.append(entry)
    AuditEntry.objects.bulk_update(
        changed, ["object_repr", "purpose", "data", "actor", "actor_label"], batch_size=500
    )
    return len(changed)


def _entry(action: str, *, obj, actor, purpose: str, data: dict | None):
    """An unsaved entry: the one place that decides how actor, object and request are recorded."""
    from community.models import AuditEntry

    object_type, object_id, object_repr = _label(obj)
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor, obj),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        purpose=purpose,
        data=data or {},
        ip=_ip.get(),
    )


def log_action(action: str, *, obj=None, actor=None, purpose: str = "", data: dict | None = None):
    """Write one audit entry; the actor defaults to the user of the current request."""
    actor = actor if actor is not None else current_actor()
    # An admin edit's {"fields": [...]} holds field names only: no need to look the citizen up.
    citizen = _citizen_of(obj) if data and set(data) != {"fields"} else None
    if citizen is not None:
        # Reasons are typed by people: "Signe Dam er flyttet" is stored as "Borger #12 er flyttet".
        data = _scrub(data, citizen, citizen_names(citizen))
    entry = _entry(action, obj=obj, actor=actor, purpose=purpose, data=data)
    entry.save(force_insert=True)
    return entry


def save_logged(obj, action: str, *, actor=None, data: dict | None = None):
    """Validate and save obj, and write its audit entry in the same transaction."""
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        log_action(action, obj=obj, actor=actor, data=data)
    return obj


def log_many(
    action: str, objects, *, actor=None, purpose: str = "", data: dict | None = None
) -> int:
    """One entry per object, written in one query: bulk changes and exports (many reads at once)."""
    from community.models import AuditEntry

    actor = actor if actor is not None else current_actor()
    entries = [_entry(action, obj=obj, actor=actor, purpose=purpose, data=data) for obj in objects]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)


def log_reads(objects, *, actor, purpose: str, action: str = "read") -> None:
    """One read entry per record (exports and lists read many at once)."""
    log_many(action, objects, actor=actor, purpose=purpose)


def log_citizens_shown(citizens, *, actor, purpose: str, action: str = "citizen.listed") -> int:
    """Audit every citizen a page, search, picker or export shows: one read entry each, one insert.

    Every place that lists citizens calls this, so a list is audited the same way wherever it is.
    """
    unique = list({c.pk: c for c in citizens}.values())
    log_reads(unique, actor=actor, purpose=purpose, action=action)
    return len(unique)


def search_condition(user, q: str) -> Q:
    """What a free-text search of the log matches: a citizen's id finds her rows only for those who may see her.

    Searching by actor or purpose ("what did alice read?") still finds every row; those rows name the
    citizen by id only. Matching the object itself is what would tell an administrator who is a case.
    """
    from community import access

    # object_id is text; compare it with the visible citizens' ids cast to text, in one subquery.
    visible = (
        access.citizens_visible_to(user).annotate(pk_text=Cast("pk", TextField())).values("pk_text")
    )
    about_citizen = Q(object_type=CITIZEN_TYPE) | Q(action__startswith="citizen.")
    by_object = Q(object_repr__icontains=q) | Q(object_id=q)
    return (
        Q(actor_label__icontains=q)
        | Q(purpose__icontains=q)
        | (by_object & (~about_citizen | Q(object_type=CITIZEN_TYPE, object_id__in=visible)))
    )


def erase_expired(queryset, *, action: str, actor=None, forget=None) -> int:
    """Retention: delete each record past its `retain_until`, one audit entry each, under a row lock.

    `forget(record)` runs before the delete, for what the record leaves behind elsewhere (names in
    the log, roles).
    """
    with transaction.atomic():
        expired = list(queryset.select_for_update())
        for record in expired:
            log_action(
                action,
                obj=record,
                actor=actor,
                purpose="retention",
                data={"retain_until": record.retain_until.isoformat()},
            )
            if forget is not None:
                forget(record)
            record.delete()
    return len(expired)
