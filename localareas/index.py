"""The involvement index: a plain-Python engine that takes and returns plain data.

Formula (documented for the city council): for each area and each component c in
(volunteers, hearing answers, association bookings, active matches) take the rate
r_c = 1000 * count_c / population. Each rate is scaled to 0..1 by dividing by the highest rate of
that component across all areas (0 when no area has any). The index is the mean of the four scaled
rates times 100, so 100 means "highest in the municipality on every component" and areas are compared
with each other, not against an absolute norm. Areas without a population get no index (None).
"""

from __future__ import annotations

COMPONENTS = ("volunteers", "answers", "bookings", "matches")


def per_1000(count: int, population: int | None) -> float | None:
    """The one rate per 1,000 inhabitants every page and report shows, with one decimal."""
    if not population or population <= 0:
        return None
    return round(1000 * count / population, 1)


def involvement_index(rows: dict[str, dict]) -> dict[str, dict]:
    """rows: key -> {"population": int|None, "volunteers": n, "answers": n, "bookings": n, "matches": n}.

    Returns key -> {"rates": {component: per-1,000 rate}, "index": float|None}.
    """
    rates: dict[str, dict[str, float] | None] = {}
    for key, row in rows.items():
        population = row.get("population") or 0
        if population <= 0:
            rates[key] = None
            continue
        rates[key] = {c: 1000 * row.get(c, 0) / population for c in COMPONENTS}
    highest = {
        c: max((r[c] for r in rates.values() if r is not None), default=0.0) for c in COMPONENTS
    }
    out: dict[str, dict] = {}
    for key, r in rates.items():
        if r is None:
            out[key] = {"rates": None, "index": None}
            continue
        scaled = [r[c] / highest[c] if highest[c] else 0.0 for c in COMPONENTS]
        out[key] = {
            "rates": {
                c: per_1000(rows[key].get(c, 0), rows[key]["population"]) for c in COMPONENTS
            },
            "index": round(100 * sum(scaled) / len(COMPONENTS), 1),
        }
    return out
