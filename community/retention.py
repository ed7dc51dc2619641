"""Retention of every kind of personal data: how long it is kept (settings.RETENTION), how it is deleted,
and how "Mine oplysninger" says so. apply_retention runs every app's jobs (KINDS in `<app>/retention.py`) once a day.

Each job deletes what is older than its period counted back from now, so a second run deletes nothing.
Bulk deletions write one summary audit entry instead of one "deleted" entry per row: the audit log must
not grow by a row for every door event it forgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from community.audit import log_action
from community.discovery import app_modules


def days(kind: str) -> int:
    return settings.RETENTION[kind]


def cutoff(kind: str, now: datetime) -> datetime:
    return now - timedelta(days=days(kind))


def duration_text(n: int) -> str:
    """A period in everyday words: 1095 days is "3 år", 90 days "3 måneder", 14 days "2 uger"."""
    if n == 0:
        return _("samme dag")
    if n % 365 == 0:
        years = n // 365
        return ngettext("%(n)s år", "%(n)s år", years) % {"n": years}
    if n % 30 == 0:
        months = n // 30
        return ngettext("%(n)s måned", "%(n)s måneder", months) % {"n": months}
    if n % 7 == 0:
        weeks = n // 7
        return ngettext("%(n)s uge", "%(n)s uger", weeks) % {"n": weeks}
    return ngettext("%(n)s dag", "%(n)s dage", n) % {"n": n}


# --- the core's own jobs: each takes the moment it runs and returns how many records it deleted ---


def citizens_erase_expired(now: datetime) -> int:
    from community.services import citizens_erase_expired as erase

    return erase(today=timezone.localdate(now))


def audit_entries_delete_expired(now: datetime) -> int:
    from community.models import AuditEntry

    deleted, _per_model = AuditEntry.objects.filter(at__lt=cutoff("audit_log", now)).delete()
    return deleted


@dataclass(frozen=True)
class Kind:
    key: str
    job: Callable[[datetime], int] | None
    report: str  # the command's line: "<count> <report>"
    label: Callable[[], str] | None = None  # "Mine oplysninger": what is kept
    rule: Callable[[], str] | None = None  # ... and for how long


def rule(text: str, kind: str) -> Callable[[], str]:
    return lambda: _(text) % {"period": duration_text(days(kind))}


KINDS = [
    Kind(
        "citizen",
        citizens_erase_expired,
        "citizen record(s) past their retention date",
        lambda: _("Det kommunen ved om dig som borger"),
        rule(
            gettext_noop(
                "Slettes %(period)s efter, at det blev skrevet ned, eller før, hvis du beder om det."
            ),
            "citizen",
        ),
    ),
    Kind(
        "audit_log",
        audit_entries_delete_expired,
        "audit log entries",
        lambda: _("Loggen over, hvem der har set eller ændret dine oplysninger"),
        rule(gettext_noop("Slettes %(period)s efter, at det skete."), "audit_log"),
    ),
]


def kinds() -> list[Kind]:
    """Every app's kinds (`<app>/retention.py` has KINDS), in the order of settings.RETENTION."""
    found = [kind for module in app_modules("retention") for kind in module.KINDS]
    order = list(settings.RETENTION)
    return sorted(
        found, key=lambda kind: order.index(kind.key) if kind.key in order else len(order)
    )


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Run every kind's job; returns what each deleted, and writes it to the audit log in one entry."""
    now = now or timezone.now()
    all_kinds = kinds()
    missing = {k.key for k in all_kinds} ^ set(settings.RETENTION)
    if missing:
        raise KeyError(f"settings.RETENTION and the apps' retention KINDS differ: {missing}")
    counts = {kind.key: kind.job(now) for kind in all_kinds if kind.job is not None}
    log_action("retention.applied", purpose="retention", data=counts)
    return counts


def periods() -> list[tuple[str, str, str, int]]:
    """(Kind, what is kept, for how long in everyday words, days) for "Mine oplysninger"."""
    return [
        (kind.key, kind.label(), kind.rule(), days(kind.key))
        for kind in kinds()
        if kind.label and kind.rule
    ]
