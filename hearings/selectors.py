"""Reads for hearings: lists, results per question, participation per 1,000 inhabitants and by age band."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from community import counting
from hearings.models import AgeBand, Answer, Hearing, Question, Response
from localareas.figures import cached_figures
from localareas.index import per_1000
from localareas.models import LocalArea

# Share of inhabitants per age band in Denmark (Danmarks Statistik, FOLK1A, 1 January 2025, rounded).
# Used to estimate answers per 1,000 inhabitants of each age band when an area's age profile is unknown.
NATIONAL_AGE_SHARES = {
    AgeBand.UNDER_18: 0.20,
    AgeBand.AGE_18_29: 0.15,
    AgeBand.AGE_30_49: 0.24,
    AgeBand.AGE_50_64: 0.19,
    AgeBand.AGE_65_PLUS: 0.22,
}


def hearings_listed(*, today: date | None = None, area: LocalArea | None = None) -> dict:
    """Open, upcoming and closed hearings (closed ones only with public results), newest first."""
    today = today or timezone.localdate()
    qs = Hearing.objects.select_related("local_area", "council").annotate(
        answers=Count("responses", filter=Q(responses__confirmed_at__isnull=False))
    )
    if area is not None:
        qs = qs.filter(local_area=area)
    return {
        "open": list(qs.filter(opens_on__lte=today, closes_on__gte=today).order_by("closes_on")),
        "upcoming": list(qs.filter(opens_on__gt=today).order_by("opens_on")),
        "closed": list(
            qs.filter(closes_on__lt=today, results_public=True).order_by("-closes_on")[:20]
        ),
    }


def open_hearings_for_area(area_id: int, *, today: date | None = None) -> list[Hearing]:
    """The hearings of one area that take answers today (one query, for the area page)."""
    today = today or timezone.localdate()
    return list(
        Hearing.objects.filter(local_area_id=area_id, opens_on__lte=today, closes_on__gte=today)
        .only("pk", "title", "kind", "closes_on")
        .order_by("closes_on")
    )


def hearings_managed(areas: QuerySet[LocalArea]) -> list[Hearing]:
    return list(
        Hearing.objects.filter(local_area__in=areas)
        .select_related("local_area")
        .annotate(
            answers=Count("responses", filter=Q(responses__confirmed_at__isnull=False)),
            waiting=Count("responses", filter=Q(responses__confirmed_at__isnull=True)),
        )
        .order_by("-opens_on")
    )


def confirmed(hearing: Hearing) -> QuerySet[Response]:
    return Response.objects.filter(hearing=hearing, confirmed_at__isnull=False)


def results(hearing: Hearing, *, with_text: bool) -> list[dict]:
    """Per question: counts per option (choices), per step and the mean (scale), the answers (free text,
    only when `with_text`). Counted answers only. Two queries whatever the number of answers."""
    questions = list(hearing.questions.all())
    rows = Answer.objects.filter(
        response__hearing=hearing, response__confirmed_at__isnull=False
    ).values_list("question_id", "choices", "number", "text")
    by_question: dict[int, list] = {q.pk: [] for q in questions}
    for qid, choices, number, text in rows:
        by_question.setdefault(qid, []).append((choices, number, text))
    out = []
    for q in questions:
        answers = by_question.get(q.pk, [])
        item = {"question": q, "answered": len(answers)}
        if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            counts = Counter(c for choices, _, _ in answers for c in choices)
            item["rows"] = [(option, counts.get(option, 0)) for option in q.options]
        elif q.kind == Question.Kind.SCALE:
            counts = Counter(n for _, n, _ in answers if n)
            item["rows"] = [(str(step), counts.get(step, 0)) for step in range(1, 6)]
            total = sum(counts.values())
            item["mean"] = (
                round(sum(k * v for k, v in counts.items()) / total, 1) if total else None
            )
        else:
            item["texts"] = [t for _, _, t in answers if t] if with_text else []
        if "rows" in item:
            total = item["answered"] or 1
            item["rows"] = [(label, n, round(100 * n / total)) for label, n in item["rows"]]
        out.append(item)
    return out


def participation(hearing: Hearing) -> dict:
    """Counted answers, per 1,000 inhabitants of the area, and by age band (count, share, and an estimate
    per 1,000 inhabitants of that age from the national age distribution)."""
    population = hearing.local_area.population
    by_band = dict(
        confirmed(hearing)
        .values_list("age_band")
        .annotate(n=Count("pk"))
        .values_list("age_band", "n")
    )
    total = sum(by_band.values())
    bands = []
    for band in AgeBand:
        n = by_band.get(band.value, 0)
        band_population = population * NATIONAL_AGE_SHARES[band] if population else None
        bands.append(
            {
                "label": band.label,
                "count": n,
                "share": round(100 * n / total) if total else 0,
                "per_1000": per_1000(n, band_population),
            }
        )
    bands.append(
        {
            "label": gettext("Ikke oplyst"),
            "count": by_band.get("", 0),
            "share": round(100 * by_band.get("", 0) / total) if total else 0,
            "per_1000": None,
        }
    )
    return {"answers": total, "per_1000": per_1000(total, population), "bands": bands}


def answer_counts_by_area(
    start: datetime | None = None, end: datetime | None = None
) -> dict[int, int]:
    """Local area id -> counted hearing answers confirmed in [start, end)."""
    qs = Response.objects.filter(confirmed_at__isnull=False)
    if start is not None:
        qs = qs.filter(confirmed_at__gte=start)
    if end is not None:
        qs = qs.filter(confirmed_at__lt=end)
    rows = qs.values("hearing__local_area_id").annotate(n=Count("pk")).order_by()
    return {row["hearing__local_area_id"]: row["n"] for row in rows}


def participation_by_area(*, since: datetime | None = None) -> list[dict]:
    """Every area with its population, counted answers and answers per 1,000 inhabitants (two queries)."""
    counts = answer_counts_by_area(start=since)
    return [
        {
            "area": area,
            "answers": counts.get(area.pk, 0),
            "per_1000": per_1000(counts.get(area.pk, 0), area.population),
        }
        for area in LocalArea.objects.only("pk", "name", "slug", "population").order_by("name")
    ]


PARTICIPATION_MONTHS = 24


def participation_overview() -> dict:
    """The participation page: every area over the last 12 months and the municipality month by month
    over the last 24, from the cache until an answer, hearing or area changes (localareas/figures.py)."""

    def count() -> dict:
        rows = participation_by_area(since=timezone.now() - timedelta(days=365))
        return {
            "rows": rows,
            "months": participation_by_month(months=PARTICIPATION_MONTHS),
            "total": sum(r["answers"] for r in rows),
        }

    return cached_figures(["participation", timezone.localdate().isoformat()], count)


def participation_by_month(*, months: int = 24, area: LocalArea | None = None) -> list[dict]:
    """Counted answers per month over the last `months` months, months without answers included.

    One query of one range count per month (community/counting.py), each read from the index on the
    confirmation time: as fast at ten times the answers, where a conditional count per month tests
    every answer against every month."""
    today = timezone.localdate()
    starts = [_month_start(today, back=b) for b in range(months - 1, -1, -1)]
    bounds = list(zip(starts, [*starts[1:], _month_start(today, back=-1)], strict=True))
    qs = Response.objects.all()
    if area is not None:
        qs = qs.filter(hearing__local_area=area)
    counts = counting.counts(
        {
            f"m{i}": qs.filter(
                confirmed_at__gte=_local_midnight(a), confirmed_at__lt=_local_midnight(b)
            )
            for i, (a, b) in enumerate(bounds)
        }
    )
    return [{"month": m, "answers": counts[f"m{i}"]} for i, m in enumerate(starts)]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _month_start(day: date, *, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)
