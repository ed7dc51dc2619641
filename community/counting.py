"""Several counts or sums in one round trip: one SELECT of scalar COUNT (or SUM) subqueries, each of
them an index range in the database, instead of one pass over every row that tests it against every
range (what conditional aggregates do: their cost grows with rows x ranges)."""

from __future__ import annotations

from django.db import connections
from django.db.models import F, Func, QuerySet


def counts(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """name -> how many rows the queryset has, for all of them in one query (on one database)."""
    return {name: int(n or 0) for name, n in _scalars(querysets, "COUNT", "pk").items()}


def sums(querysets: dict[str, QuerySet], field: str) -> dict[str, int]:
    """name -> the sum of `field` over the queryset's rows (0 when it has none), all in one query."""
    return {name: int(n or 0) for name, n in _scalars(querysets, "SUM", field).items()}


def _scalars(querysets: dict[str, QuerySet], function: str, field: str) -> dict[str, object]:
    if not querysets:
        return {}
    parts, params, using = [], [], None
    for qs in querysets.values():
        # A plain aggregate in the SELECT list: Func, not Count or Sum, so Django adds no GROUP BY.
        counted = qs.order_by().values(n=Func(F(field), function=function))
        sql, more = counted.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(more)
        using = using or qs.db
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))
