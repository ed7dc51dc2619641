"""Everything the platform holds about one person, gathered from every app (GDPR art. 15 and 20).

Each app that keeps personal data has a module `<app>.personal_data` with `sections(user)`, returning a
list of `Section`s. This module finds them (like Django's admin autodiscovery), so "Mine oplysninger"
and its download always show all of it, labelled the way the forms label it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.discovery import app_modules
from community.weekly import WEEKDAYS


@dataclass
class Section:
    title: str
    records: list[list[tuple[str, str]]] = field(default_factory=list)  # records of (label, value)


def record(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """One model instance as (verbose name, readable value) pairs: choices by label, dates in Danish."""
    rows = []
    for f in instance._meta.concrete_fields:
        if f.primary_key or f.name in exclude or f.name.endswith("_key"):
            continue
        value = getattr(instance, f.name)
        if value in (None, "", [], {}):
            continue
        rows.append((label(f), display(instance, f, value)))
    for f in instance._meta.many_to_many:
        if f.name in exclude:
            continue
        names = ", ".join(str(o) for o in getattr(instance, f.name).all())
        if names:
            rows.append((label(f), names))
    return rows


# Labels for fields that carry no verbose name of their own (bookkeeping fields).
FALLBACK_LABELS = {
    "created_at": gettext_lazy("Oprettet"),
    "updated_at": gettext_lazy("Ændret"),
    "started_at": gettext_lazy("Startet"),
    "ended_at": gettext_lazy("Sluttet"),
    "decided_at": gettext_lazy("Afgjort"),
    "matched_at": gettext_lazy("Matchet"),
    "cancelled_at": gettext_lazy("Aflyst"),
    "reminder_sent_at": gettext_lazy("Påmindelse sendt"),
    "citizen_consent_at": gettext_lazy("Borgerens samtykke"),
    "provider_consent_at": gettext_lazy("Den frivilliges samtykke"),
    "local_area": gettext_lazy("Lokalområde"),
    "core_task": gettext_lazy("Kerneopgave"),
    "answered_at": gettext_lazy("Besvaret"),
}


def label(f) -> str:
    if f._verbose_name is None and f.name in FALLBACK_LABELS:
        return str(FALLBACK_LABELS[f.name])
    return str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:]


def display(instance, f, value) -> str:
    if f.choices:
        return str(getattr(instance, f"get_{f.name}_display")())
    if isinstance(f, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(f, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(f, models.BooleanField):
        return _("Ja") if value else _("Nej")
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _plain(value) -> str:
    """Weekly times as "tirsdag 13:00-16:00", periods as "1.12.2026-5.12.2026 ferie"."""
    if isinstance(value, dict):
        if {"day", "start", "end"} <= value.keys() and str(value["day"]).isdigit():
            return f"{WEEKDAYS[int(value['day']) % 7]} {value['start']}-{value['end']}"
        if {"from", "to"} <= value.keys():
            return f"{value['from']}-{value['to']} {value.get('note', '')}".strip()
        return " ".join(str(v) for v in value.values())
    return str(value)


def sections(user) -> list[Section]:
    out: list[Section] = []
    for module in app_modules("personal_data"):
        if module.__name__ == __name__:
            continue  # this module: its own sections come first
        out.extend(s for s in module.sections(user) if s.records)
    return [*own_sections(user), *out, retention_section()]


def retention_section() -> Section:
    """How long each kind of data is kept, from the same table apply_retention deletes by (art. 15.1.d)."""
    from community import retention

    return Section(_("Så længe gemmer vi dine oplysninger"), [retention.periods()])


def own_sections(user) -> list[Section]:
    """The account, roles and citizen record (the community app's own data)."""
    from community import access

    account = Section(
        _("Din konto"),
        [
            [
                (_("Navn"), user.get_full_name() or "-"),
                (_("E-mail"), user.email),
                *([(_("Telefon"), user.phone)] if getattr(user, "phone", "") else []),
                (_("Oprettet"), formats.date_format(user.date_joined, "SHORT_DATE_FORMAT")),
                (_("Dine roller"), ", ".join(str(r) for r in access.roles(user)) or "-"),
            ]
        ],
    )
    result = [account]
    citizen = getattr(user, "citizen", None)
    if citizen is not None:
        result.append(Section(_("Det kommunen ved om dig"), [record(citizen, exclude=("user",))]))
    return [s for s in result if s.records]


def as_json(user) -> dict:
    """The same data for download: one object per section, one object per record."""
    return {s.title: [dict(r) for r in s.records] for s in sections(user)}
