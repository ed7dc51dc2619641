"""Reads of the volunteer module. The dashboard is a fixed number of aggregate queries whatever the data size."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from community import counting
from community.caching import cached, namespace_bump
from community.messaging.selectors import messages_to
from community.models import AuditEntry
from community.weekly import WEEKDAYS
from localareas.models import LocalArea
from volunteers.models import (
    CHILD_CERTIFICATE_WARN_DAYS,
    Application,
    HoursEntry,
    Opportunity,
    Volunteer,
    VolunteerNote,
    child_certificates_expiring_between,
)

CERTIFICATE_WARN_DAYS = CHILD_CERTIFICATE_WARN_DAYS
TREND_MONTHS = 12
LIST_LENGTH = 15


def _month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def open_opportunities():
    return (
        Opportunity.objects.filter(status=Opportunity.Status.OPEN, ends_at__gte=timezone.now())
        .select_related("core_task", "association", "local_area")
        .annotate(
            taken=Count("applications", filter=Q(applications__status__in=Application.TAKES_PLACE))
        )
    )


# What the dashboard's volunteer tiles count, for the tiles and for the list they link to.
APPLICANT_STATUSES = [Volunteer.Status.APPLIED, Volunteer.Status.TALK]


def applicants(volunteers):
    return volunteers.filter(status__in=APPLICANT_STATUSES)


def without_task(volunteers):
    """Approved and active volunteers with no approved place on an opportunity not yet over."""
    busy = Application.objects.filter(
        volunteer=OuterRef("pk"),
        status=Application.Status.APPROVED,
        opportunity__ends_at__gte=timezone.now(),
    )
    return volunteers.filter(
        status__in=[Volunteer.Status.APPROVED, Volunteer.Status.ACTIVE]
    ).filter(~Exists(busy))


def certificate_expiring(volunteers, today: date | None = None):
    today = today or timezone.localdate()
    return volunteers.filter(
        **child_certificates_expiring_between(today, today + timedelta(days=CERTIFICATE_WARN_DAYS))
    )


FIGURES_TTL_S = 300
FIGURES_NAMESPACE = "volunteers.figures"


def forget_figures(**_kwargs) -> None:
    """Make every dashboard recount: called on each change to volunteers, hours, applications and
    opportunities (signals in apps.py) and by services that change many rows with update()."""
    namespace_bump(FIGURES_NAMESPACE)


def dashboard(*, core_task_id: int, today: date | None = None) -> dict:
    """Figures of one core task's dashboard: new applicants, volunteers without a task, expiring
    certificates, reminders due, hours this month, monthly trends and counts per local area.

    The lists are read live (short, from indexes). The counts and trends cover every volunteer and
    every hour of the core task, so they are kept in the cache until anything they count changes
    (forget_figures) or five minutes pass: a coordinator's dashboard costs the same at 15,000
    volunteers as at 1,500, and is never behind a change."""
    today = today or timezone.localdate()
    # The lists walk an index in their own order and test the core task per row (EXISTS), so finding
    # the first few costs about the same however many volunteers there are.
    in_task = Volunteer.objects.filter(
        Exists(
            Volunteer.core_tasks.through.objects.filter(
                volunteer_id=OuterRef("pk"), coretask_id=core_task_id
            )
        )
    )
    figures = cached(
        FIGURES_NAMESPACE,
        [core_task_id, today.isoformat()],
        lambda: _counted_figures(core_task_id, today),
        FIGURES_TTL_S,
    )

    new_applicants = list(
        applicants(in_task)
        .select_related("user", "local_area")
        .order_by("-created_at")[:LIST_LENGTH]
    )
    idle = list(
        without_task(in_task).select_related("user", "local_area").order_by("pk")[:LIST_LENGTH]
    )
    expiring = list(
        certificate_expiring(in_task, today)
        .select_related("user")
        .order_by("child_certificate_checked_on", "pk")[:LIST_LENGTH]
    )
    reminders = list(
        VolunteerNote.objects.filter(
            volunteer__core_tasks=core_task_id, done=False, remind_on__lte=today
        )
        .select_related("volunteer__user")
        .order_by("remind_on")[:LIST_LENGTH]
    )
    return {
        **figures,
        "new_applicants": new_applicants,
        "without_task": idle,
        "expiring": expiring,
        "reminders": reminders,
    }


def _counted_figures(core_task_id: int, today: date) -> dict:
    """The counts and monthly trends of one core task (one query over its volunteers, three over its
    hours and applications)."""
    in_task = Volunteer.objects.filter(core_tasks=core_task_id)
    month_start = today.replace(day=1)
    months = [_month_start(today, back) for back in range(TREND_MONTHS - 1, -1, -1)]
    bounds = list(zip(months, months[1:] + [_month_start(today, -1)], strict=True))
    # One conditional count per month: plain comparisons the database does fast, instead of a
    # per-row month truncation (a Python function on SQLite).
    signup_filters = {
        f"signups_{i}": Count(
            "pk",
            filter=Q(created_at__gte=_local_midnight(a), created_at__lt=_local_midnight(b)),
        )
        for i, (a, b) in enumerate(bounds)
    }
    # One pass over the core task's volunteers, by area and status: the counts, the sign-ups per month
    # and the volunteers per area all come from these few rows.
    rows = list(
        in_task.values("local_area_id", "status")
        .annotate(n=Count("pk"), **signup_filters)
        .order_by()
    )

    def total(key: str, statuses=None) -> int:
        return sum(r[key] for r in rows if statuses is None or r["status"] in statuses)

    counts = {
        "applicants": total("n", APPLICANT_STATUSES),
        "active": total("n", [Volunteer.Status.ACTIVE]),
        "approved": total("n", [Volunteer.Status.APPROVED]),
        "total": total("n"),
        **{name: total(name) for name in signup_filters},
    }
    # Counted from the (few) current approved applications, not by probing every volunteer.
    busy_count = (
        Application.objects.filter(
            status=Application.Status.APPROVED,
            opportunity__ends_at__gte=timezone.now(),
            volunteer__core_tasks=core_task_id,
            volunteer__status__in=[Volunteer.Status.APPROVED, Volunteer.Status.ACTIVE],
        )
        .values("volunteer_id")
        .distinct()
        .count()
    )
    # One range of the covering index (core_task, status, worked_on, duration_min) a month, all in one
    # query (community/counting.py): each hour is read once, not tested against every month.
    hours = HoursEntry.objects.filter(core_task_id=core_task_id)
    approved = hours.filter(status=HoursEntry.Status.APPROVED)
    hour_figures = counting.sums(
        {
            "month_min": approved.filter(worked_on__gte=month_start),
            **{
                f"hours_{i}": approved.filter(worked_on__gte=a, worked_on__lt=b)
                for i, (a, b) in enumerate(bounds)
            },
        },
        "duration_min",
    )
    pending = hours.filter(status=HoursEntry.Status.PENDING).count()
    trend = [
        {
            "month": m,
            "signups": counts[f"signups_{i}"],
            "hours": round((hour_figures[f"hours_{i}"] or 0) / 60, 1),
        }
        for i, m in enumerate(months)
    ]
    by_area: dict[int, int] = {}
    for r in rows:
        if r["local_area_id"] is not None and r["status"] in (
            Volunteer.Status.APPROVED,
            Volunteer.Status.ACTIVE,
        ):
            by_area[r["local_area_id"]] = by_area.get(r["local_area_id"], 0) + r["n"]
    return {
        "counts": counts,
        "without_task_count": counts["approved"] + counts["active"] - busy_count,
        "hours_month": round((hour_figures["month_min"] or 0) / 60, 1),
        "hours_pending": pending,
        "trend": trend,
        "volunteers_by_area": by_area,
    }


def _local_midnight(day: date):
    return timezone.make_aware(datetime.combine(day, time.min))


def areas_table(volunteers_by_area: dict, needs_by_area: dict) -> list[dict]:
    """One row per local area with its centre and both counts (aggregated: no person is placed on a map)."""
    rows = []
    for area in LocalArea.objects.only("pk", "name", "centroid_lon", "centroid_lat").order_by(
        "name"
    ):
        v, n = volunteers_by_area.get(area.pk, 0), needs_by_area.get(area.pk, 0)
        if v or n:
            rows.append(
                {
                    "id": area.pk,
                    "name": area.name,
                    "lat": area.centroid_lat,
                    "lon": area.centroid_lon,
                    "volunteers": v,
                    "needs": n,
                }
            )
    return rows


def hours_summary(entries) -> dict:
    """Approved hours per volunteer, core task and area (aggregated in the database)."""
    approved = entries.filter(status=HoursEntry.Status.APPROVED)

    def rows(*fields):
        return list(
            approved.values(*fields).annotate(minutes=Sum("duration_min")).order_by("-minutes")[:50]
        )

    return {
        "by_volunteer": rows(
            "volunteer_id", "volunteer__user__first_name", "volunteer__user__last_name"
        ),
        "by_core_task": rows("core_task__name_da"),
        "by_area": rows("local_area__name"),
    }


def hours_selection(entries) -> dict:
    """How many entries, and of how many volunteers, a decision about to be made covers."""
    return entries.aggregate(entries=Count("pk"), volunteers=Count("volunteer_id", distinct=True))


def status_history(volunteer: Volunteer) -> list[dict]:
    """The volunteer's onboarding in plain words, newest first, read from the audit log."""
    labels = dict(Volunteer.Status.choices)
    entries = AuditEntry.objects.filter(
        object_type=Volunteer._meta.label_lower,
        object_id=str(volunteer.pk),
        action__in=["volunteer.signed_up", "volunteer.status"],
    ).select_related("actor")
    rows = []
    for e in entries:
        who = (e.actor.get_full_name() or e.actor.email) if e.actor else e.actor_label
        if e.action == "volunteer.signed_up":
            text = _("meldte sig som frivillig")
        else:
            text = _("ændrede status fra %(from)s til %(to)s") % {
                "from": labels.get(e.data.get("from"), e.data.get("from")),
                "to": labels.get(e.data.get("to"), e.data.get("to")),
            }
        rows.append({"at": e.at, "who": who or _("Systemet"), "text": text})
    return rows


def volunteer_page(volunteer: Volunteer, *, can_manage: bool, today: date | None = None) -> dict:
    """What a coordinator's page about one volunteer shows; notes only to those who manage her."""
    today = today or timezone.localdate()
    return {
        "volunteer": volunteer,
        "can_manage": can_manage,
        "notes": volunteer.notes.select_related("author") if can_manage else [],
        "applications": volunteer.applications.select_related("opportunity"),
        "core_tasks": volunteer.core_tasks.all(),
        "approved_min": volunteer.hours.filter(status=HoursEntry.Status.APPROVED).aggregate(
            n=Sum("duration_min")
        )["n"]
        or 0,
        "status_history": status_history(volunteer) if can_manage else [],
        "cert_until": volunteer.child_certificate_expires_on,
        "cert_state": volunteer.child_certificate_state(today),
        "weekly_times": [
            f"{WEEKDAYS[int(s['day']) % 7]} {s.get('start', '')}–{s.get('end', '')}"
            for s in volunteer.availability or []
            if str(s.get("day", "")).isdigit()
        ],
        "away": _periods(volunteer.availability_exceptions),
        "labels": {name: volunteer.labels(name) for name in Volunteer.LIST_CHOICES},
        "outbox": messages_to(user=volunteer.user),
    }


def _periods(periods: list[dict]) -> list[tuple[date, date]]:
    """Stored away periods ({"from": ISO day, "to": ISO day}) as dates; a broken one is left out."""
    days = []
    for period in periods or []:
        try:
            days.append((date.fromisoformat(period["from"]), date.fromisoformat(period["to"])))
        except (KeyError, TypeError, ValueError):
            continue
    return days
