"""The holiday calendar: Danish public holidays (computed) and the municipality's school holidays
(data, edited in the admin). The one place that says whether a day is a holiday and what it is
called; weekly booking series skip what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

# The keys are stored with skipped dates (so a page names the holiday in the reader's language).
PUBLIC_HOLIDAY_NAMES = {
    "nytaarsdag": _("Nytårsdag"),
    "skaertorsdag": _("Skærtorsdag"),
    "langfredag": _("Langfredag"),
    "paaskedag": _("Påskedag"),
    "2-paaskedag": _("2. påskedag"),
    "store-bededag": _("Store bededag"),
    "kristi-himmelfartsdag": _("Kristi himmelfartsdag"),
    "pinsedag": _("Pinsedag"),
    "2-pinsedag": _("2. pinsedag"),
    "grundlovsdag": _("Grundlovsdag"),
    "juleaftensdag": _("Juleaftensdag"),
    "1-juledag": _("1. juledag"),
    "2-juledag": _("2. juledag"),
    "nytaarsaftensdag": _("Nytårsaftensdag"),
}

# Store bededag was abolished as a public holiday from 2024 (lov nr. 102 af 28.02.2023).
LAST_STORE_BEDEDAG = 2023


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> dict[date, str]:
    """The year's Danish public holidays and the customary days off (Grundlovsdag, juleaften,
    nytårsaften), as {day: key of PUBLIC_HOLIDAY_NAMES}."""
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "nytaarsdag",
        easter - timedelta(days=3): "skaertorsdag",
        easter - timedelta(days=2): "langfredag",
        easter: "paaskedag",
        easter + timedelta(days=1): "2-paaskedag",
        easter + timedelta(days=39): "kristi-himmelfartsdag",
        easter + timedelta(days=49): "pinsedag",
        easter + timedelta(days=50): "2-pinsedag",
        date(year, 6, 5): "grundlovsdag",
        date(year, 12, 24): "juleaftensdag",
        date(year, 12, 25): "1-juledag",
        date(year, 12, 26): "2-juledag",
        date(year, 12, 31): "nytaarsaftensdag",
    }
    if year <= LAST_STORE_BEDEDAG:
        days[easter + timedelta(days=26)] = "store-bededag"
    return days


@dataclass(frozen=True)
class Holiday:
    """One day off: a public holiday (key "public:<name key>") or a day of a school holiday
    (key "school:<SchoolHoliday pk>")."""

    day: date
    key: str
    name: str

    @property
    def is_public(self) -> bool:
        return self.key.startswith("public:")


def holidays_between(first: date, last: date, *, school: bool = True) -> dict[date, Holiday]:
    """Every holiday from first to last (both included): the public ones and, if school is true, the
    municipality's school holidays. A public holiday inside a school holiday keeps its own name."""
    out: dict[date, Holiday] = {}
    if school:
        from community.municipality import SchoolHoliday

        # The municipality is the singleton row pk 1 (Municipality.save); without it there are none.
        for period in SchoolHoliday.objects.filter(
            municipality_id=1, starts_on__lte=last, ends_on__gte=first
        ):
            day = max(period.starts_on, first)
            while day <= min(period.ends_on, last):
                out[day] = Holiday(day, f"school:{period.pk}", period.label)
                day += timedelta(days=1)
    for year in range(first.year, last.year + 1):
        for day, key in public_holidays(year).items():
            if first <= day <= last:
                out[day] = Holiday(day, f"public:{key}", PUBLIC_HOLIDAY_NAMES[key])
    return out


def holiday_names(keys) -> dict[str, str]:
    """The names, in the active language, of holidays stored by their keys (one query at most);
    a key whose school holiday is gone is left out."""
    out, school_pks = {}, {}
    for key in set(keys):
        kind, _sep, ref = key.partition(":")
        if kind == "public" and ref in PUBLIC_HOLIDAY_NAMES:
            out[key] = str(PUBLIC_HOLIDAY_NAMES[ref])
        elif kind == "school" and ref.isdigit():
            school_pks[int(ref)] = key
    if school_pks:
        from community.municipality import SchoolHoliday

        for period in SchoolHoliday.objects.filter(pk__in=school_pks):
            out[school_pks[period.pk]] = period.label
    return out
