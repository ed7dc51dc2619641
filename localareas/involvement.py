"""Reads for the involvement index: the four components per area for the last 12 months and for each of
the last four quarters (the trend).

Five queries whatever the number of areas: one per component (all periods at once, by conditional
counting) and one for the areas, and none while the table is in the cache (localareas/figures.py).
The engine in localareas/index.py turns the counts into the index.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from localareas.figures import cached_figures
from localareas.index import COMPONENTS, involvement_index
from localareas.models import LocalArea

YEAR = timedelta(days=365)
QUARTER = timedelta(days=91)
QUARTERS = 4


def periods(now: datetime) -> dict[str, tuple[datetime, datetime]]:
    """ "year": the last 12 months; "q0".."q3": the last four quarters, oldest first."""
    out = {"year": (now - YEAR, now)}
    for i in range(QUARTERS):
        end = now - (QUARTERS - 1 - i) * QUARTER
        out[f"q{i}"] = (end - QUARTER, end)
    return out


def _by_area(qs, area_field: str, condition, spans, *, within=None) -> dict[str, dict[int, int]]:
    """period -> {area id: count}, where condition(start, end) gives the rows that count in a period.

    `within(first start, last end)` narrows the rows read to those that can count in some period (an
    index range), so older rows are not read and tested against every period."""
    if within is not None:
        qs = qs.filter(
            within(min(s for s, _e in spans.values()), max(e for _s, e in spans.values()))
        )
    # Periods with the same condition (the year and the last quarter end at the same moment, and a count
    # "signed up before the end" only looks at the end) are counted once: each is a test on every row.
    conditions = {name: condition(*span) for name, span in spans.items()}
    counted = {}
    for name, q in conditions.items():
        counted.setdefault(q, name)
    rows = list(
        qs.exclude(**{f"{area_field}__isnull": True})
        .values(area_field)
        # Counting the area column (never null here) rather than the key lets a covering index answer.
        .annotate(**{name: Count(area_field, filter=q) for q, name in counted.items()})
        .order_by()
    )
    return {name: {r[area_field]: r[counted[q]] for r in rows} for name, q in conditions.items()}


def component_counts(*, now=None) -> dict[str, dict[str, dict[int, int]]]:
    """component -> period -> {area id: count}."""
    from bookings.models import Booking
    from hearings.models import Response
    from matching.models import Match
    from volunteers.models import COUNTED_STATUSES, Volunteer

    spans = periods(now or timezone.now())
    return {
        # Volunteers on the books at the end of the period (signed up before it ended, not stopped).
        "volunteers": _by_area(
            Volunteer.objects.filter(status__in=COUNTED_STATUSES),
            "local_area_id",
            lambda start, end: Q(created_at__lt=end),
            spans,
        ),
        "answers": _by_area(
            Response.objects.filter(confirmed_at__isnull=False),
            "hearing__local_area_id",
            lambda start, end: Q(confirmed_at__gte=start, confirmed_at__lt=end),
            spans,
            within=lambda start, end: Q(confirmed_at__gte=start, confirmed_at__lt=end),
        ),
        "bookings": _by_area(
            Booking.objects.filter(status=Booking.Status.CONFIRMED, association__isnull=False),
            "room__building__local_area_id",
            lambda start, end: Q(starts_at__gte=start, starts_at__lt=end),
            spans,
            within=lambda start, end: Q(starts_at__gte=start, starts_at__lt=end),
        ),
        # Matches that were active at some point in the period.
        "matches": _by_area(
            Match.objects.filter(started_at__isnull=False),
            "local_area_id",
            lambda start, end: (
                Q(started_at__lt=end) & (Q(ended_at__isnull=True) | Q(ended_at__gte=start))
            ),
            spans,
            within=lambda start, end: (
                Q(started_at__lt=end) & (Q(ended_at__isnull=True) | Q(ended_at__gte=start))
            ),
        ),
    }


def involvement_table(*, now=None) -> list[dict]:
    """One row per area: population, counts and rates per 1,000 inhabitants over the last 12 months, the
    index, and the index of each of the last four quarters with the change from the first to the last.

    Without `now` (the pages), today's table comes from the cache until the data changes."""
    if now is not None:
        return _involvement_table(now)
    return cached_figures(
        ["involvement", timezone.localdate().isoformat()],
        lambda: _involvement_table(timezone.now()),
    )


def _involvement_table(now) -> list[dict]:
    counts = component_counts(now=now)
    areas = list(LocalArea.objects.only("pk", "name", "slug", "population").order_by("name"))

    def index_for(period: str) -> tuple[dict, dict]:
        rows = {
            a.pk: {
                "population": a.population,
                **{c: counts[c][period].get(a.pk, 0) for c in COMPONENTS},
            }
            for a in areas
        }
        return rows, involvement_index(rows)

    year_rows, year = index_for("year")
    quarters = [index_for(f"q{i}")[1] for i in range(QUARTERS)]
    table = []
    for a in areas:
        trend = [q[a.pk]["index"] for q in quarters]
        first, last = trend[0], trend[-1]
        table.append(
            {
                "area": a,
                "population": a.population,
                "counts": year_rows[a.pk],
                "rates": year[a.pk]["rates"],
                "index": year[a.pk]["index"],
                "quarters": trend,
                "change": round(last - first, 1)
                if first is not None and last is not None
                else None,
            }
        )
    return table


def quarter_labels(now=None) -> list[str]:
    """Human labels of the four quarters, e.g. "dec.-feb."."""
    from django.utils.formats import date_format

    spans = periods(now or timezone.now())
    return [
        f"{date_format(timezone.localtime(spans[f'q{i}'][0]), 'M')}-{date_format(timezone.localtime(spans[f'q{i}'][1]), 'M')}"
        for i in range(QUARTERS)
    ]
