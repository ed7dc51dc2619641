"""Retention of every kind of personal data: how long it is kept (settings.RETENTION), how it is deleted,
and how "Mine oplysninger" says so. apply_retention runs every job in KINDS once a day.

Each job deletes what is older than its period counted back from now, so a second run deletes nothing.
Bulk deletions write one summary audit entry instead of one "deleted" entry per row: the audit log must
not grow by a row for every door event it forgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from community.audit import log_action, signals_muted


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


# --- the jobs: each takes the moment it runs and returns how many records it deleted or cleared ---


def citizens_erase_expired(now: datetime) -> int:
    from community.services import citizens_erase_expired as erase

    return erase(today=timezone.localdate(now))


def volunteers_erase_expired(now: datetime) -> int:
    """Delete volunteer profiles past their deletion date (plus the grace period), with notes, hours
    and applications; the account stays, since it may be a citizen's or an association's too."""
    from community.models import Role
    from volunteers.models import Volunteer

    last_kept = timezone.localdate(now) - timedelta(days=days("volunteer_after_deletion_date"))
    with transaction.atomic():
        expired = list(Volunteer.objects.filter(retain_until__lt=last_kept).select_for_update())
        for volunteer in expired:
            log_action(
                "volunteer.erased",
                obj=volunteer,
                purpose="retention",
                data={"retain_until": volunteer.retain_until.isoformat()},
            )
            Role.objects.filter(user_id=volunteer.user_id, kind=Role.Kind.VOLUNTEER).delete()
            volunteer.delete()
    return len(expired)


def audit_entries_delete_expired(now: datetime) -> int:
    from community.models import AuditEntry

    deleted, _per_model = AuditEntry.objects.filter(at__lt=cutoff("audit_log", now)).delete()
    return deleted


def access_events_delete_expired(now: datetime) -> int:
    from community.models import AccessEvent

    with signals_muted():
        deleted, _per_model = AccessEvent.objects.filter(
            at__lt=cutoff("door_access_events", now)
        ).delete()
    return deleted


def door_codes_delete_expired(now: datetime) -> int:
    from community.models import DoorCode

    with signals_muted():
        _total, per_model = DoorCode.objects.filter(
            valid_until__lt=cutoff("door_codes", now)
        ).delete()
    return per_model.get(DoorCode._meta.label, 0)


def waitlist_entries_delete_expired(now: datetime) -> int:
    from community.models import WaitlistEntry

    with signals_muted():
        _total, per_model = WaitlistEntry.objects.filter(
            ends_at__lt=cutoff("waitlist_entries", now)
        ).delete()
    return per_model.get(WaitlistEntry._meta.label, 0)


def bookings_delete_expired(now: datetime) -> int:
    """Bookings that ended longer ago than the accounts need them, and series left with none."""
    from community.models import Booking, BookingSeries

    limit = cutoff("bookings", now)
    with signals_muted(), transaction.atomic():
        _total, per_model = Booking.objects.filter(ends_at__lt=limit).delete()
        BookingSeries.objects.filter(
            last_date__lt=timezone.localdate(limit), bookings__isnull=True
        ).delete()
    return per_model.get(Booking._meta.label, 0)


def hearing_answers_delete_unconfirmed(now: datetime) -> int:
    from hearings.services import responses_purge_unconfirmed

    return responses_purge_unconfirmed(now=now)


def problem_reports_forget_contact(now: datetime) -> int:
    """Keep the report (the broken shelter), forget who sent it."""
    from maps.models import ProblemReport

    return (
        ProblemReport.objects.filter(created_at__lt=cutoff("problem_report_contact", now))
        .exclude(reporter_email="", reporter__isnull=True)
        .update(reporter_email="", reporter=None)
    )


@dataclass(frozen=True)
class Kind:
    key: str
    job: Callable[[datetime], int] | None
    report: str  # the command's line: "<count> <report>"
    label: Callable[[], str] | None = None  # "Mine oplysninger": what is kept
    rule: Callable[[], str] | None = None  # ... and for how long


def _volunteer_rule() -> str:
    text = _("Slettes %(period)s efter, at du meldte dig som frivillig.") % {
        "period": duration_text(days("volunteer"))
    }
    grace = days("volunteer_after_deletion_date")
    if grace:
        text += " " + _("Vi sletter den senest %(period)s efter den dato.") % {
            "period": duration_text(grace)
        }
    return text


def _rule(text: str, kind: str) -> Callable[[], str]:
    return lambda: _(text) % {"period": duration_text(days(kind))}


# Texts are translated when shown (these lambdas run per request), not when this module is imported.
KINDS = [
    Kind(
        "citizen",
        citizens_erase_expired,
        "citizen record(s) past their retention date",
        lambda: _("Det kommunen ved om dig som borger"),
        _rule(
            gettext_noop(
                "Slettes %(period)s efter, at det blev skrevet ned, eller før, hvis du beder om det."
            ),
            "citizen",
        ),
    ),
    Kind(
        "volunteer",
        None,  # sets the deletion date at sign-up; the next kind's job deletes
        "",
        lambda: _("Din profil som frivillig, dine timer og ansøgninger"),
        _volunteer_rule,
    ),
    Kind(
        "volunteer_after_deletion_date",
        volunteers_erase_expired,
        "volunteer profile(s) past their deletion date",
    ),
    Kind(
        "bookings",
        bookings_delete_expired,
        "booking(s) that ended before the accounting period",
        lambda: _("Dine bookinger af lokaler"),
        _rule(
            gettext_noop(
                "Slettes %(period)s efter, at bookingen er slut. Så længe skal regnskabet gemmes."
            ),
            "bookings",
        ),
    ),
    Kind(
        "door_codes",
        door_codes_delete_expired,
        "door code(s) no longer valid",
        lambda: _("Dine dørkoder"),
        _rule(
            gettext_noop("Slettes %(period)s efter, at koden er holdt op med at virke."),
            "door_codes",
        ),
    ),
    Kind(
        "door_access_events",
        access_events_delete_expired,
        "door access event(s)",
        lambda: _("Hvornår en dør er låst op med din kode"),
        _rule(gettext_noop("Slettes %(period)s efter, at det skete."), "door_access_events"),
    ),
    Kind(
        "waitlist_entries",
        waitlist_entries_delete_expired,
        "waiting list entries for past times",
        lambda: _("Dine pladser på venteliste"),
        _rule(
            gettext_noop("Slettes %(period)s efter det tidspunkt, du ventede på."),
            "waitlist_entries",
        ),
    ),
    Kind(
        "unconfirmed_hearing_answers",
        hearing_answers_delete_unconfirmed,
        "unconfirmed hearing answer(s) whose link expired",
        lambda: _("Svar på en høring, som du ikke har bekræftet"),
        _rule(
            gettext_noop(
                "Slettes %(period)s efter, at du svarede, hvis du ikke har trykket på linket i e-mailen."
            ),
            "unconfirmed_hearing_answers",
        ),
    ),
    Kind(
        "problem_report_contact",
        problem_reports_forget_contact,
        "problem report(s) whose reporter's contact was removed",
        lambda: _("Din e-mail på en fejlmelding om en facilitet"),
        _rule(
            gettext_noop(
                "Slettes %(period)s efter, at du sendte meldingen. Selve meldingen gemmes uden din e-mail."
            ),
            "problem_report_contact",
        ),
    ),
    Kind(
        "audit_log",
        audit_entries_delete_expired,
        "audit log entries",
        lambda: _("Loggen over, hvem der har set eller ændret dine oplysninger"),
        _rule(gettext_noop("Slettes %(period)s efter, at det skete."), "audit_log"),
    ),
]


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Run every kind's job; returns what each deleted, and writes it to the audit log in one entry."""
    now = now or timezone.now()
    missing = {k.key for k in KINDS} ^ set(settings.RETENTION)
    if missing:
        raise KeyError(f"settings.RETENTION and community.retention.KINDS differ: {missing}")
    counts = {kind.key: kind.job(now) for kind in KINDS if kind.job is not None}
    log_action("retention.applied", purpose="retention", data=counts)
    return counts


def periods() -> list[tuple[str, str]]:
    """(What is kept, for how long) in everyday words, for "Mine oplysninger"."""
    return [(kind.label(), kind.rule()) for kind in KINDS if kind.label and kind.rule]
