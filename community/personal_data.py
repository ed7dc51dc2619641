"""Everything the platform holds about one person, gathered from every app (GDPR art. 15 and 20).

Each app that keeps personal data has a module `<app>.personal_data` with `sections(user)`, returning a
list of `Section`s. This module finds them (like Django's admin autodiscovery), so "Mine oplysninger"
and its download always show all of it, labelled the way the forms label it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from community.discovery import app_modules
from community.weekly import WEEKDAYS

# The download's format (GDPR art. 20): community/schemas/personal-data.schema.json describes it.
# Raise the major number when a key changes meaning or goes away, the minor one when keys are added.
VERSION = "1.0"


@dataclass
class Item:
    """One piece of data: a stable English `key` and a typed `value` for the download, and the
    form's `label` and a readable `text` for the page. `shown=False`: in the download only;
    `key=""`: on the page only."""

    key: str
    label: str
    text: str
    value: Any = None
    shown: bool = True


@dataclass
class Section:
    key: str  # stable English name of the section in the download
    title: str
    records: list[list[Item]] = field(default_factory=list)


def item(key: str, label: str, value, text: str | None = None) -> Item:
    """A piece of data that is not a model field: `text` defaults to the value as the page shows it."""
    return Item(key, label, _readable(value) if text is None else text, portable(value))


def reference(obj) -> dict:
    """Another object the record points at: its id and its name."""
    return {"id": obj.pk, "label": str(obj)}


def choice(value, label) -> dict:
    """A coded value with its label in the reader's language."""
    return {"value": value, "label": str(label)}


def record(
    instance: models.Model, *, exclude: tuple[str, ...] = (), choices: dict | None = None
) -> list[Item]:
    """One model instance, field by field: the field's name and typed value for the download, its
    verbose name and readable value (choices by label, dates in the reader's language) for the
    page. `choices` gives the labels of fields that hold a list of codes (JSON)."""
    items = []
    for f in instance._meta.concrete_fields:
        if f.primary_key or f.name in exclude or f.name.endswith("_key"):
            continue
        value = getattr(instance, f.name)
        if value in (None, "", [], {}):
            continue
        if choices and f.name in choices and isinstance(value, list):
            names = dict(choices[f.name])
            items.append(
                Item(
                    f.name,
                    label(f),
                    ", ".join(str(names.get(v, v)) for v in value),
                    [choice(v, names.get(v, v)) for v in value],
                )
            )
            continue
        items.append(
            Item(f.name, label(f), display(instance, f, value), portable_field(instance, f, value))
        )
    for f in instance._meta.many_to_many:
        if f.name in exclude:
            continue
        related = list(getattr(instance, f.name).all())
        if related:
            items.append(
                Item(
                    f.name,
                    label(f),
                    ", ".join(str(o) for o in related),
                    [reference(o) for o in related],
                )
            )
    return items


# Labels for fields that carry no verbose name of their own (bookkeeping fields).
FALLBACK_LABELS = {
    "created_at": gettext_lazy("Oprettet"),
    "updated_at": gettext_lazy("Ændret"),
    "modified_at": gettext_lazy("Ændret"),
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


def portable_field(instance, f, value):
    """A field's value as the download holds it: codes with their labels, numbers as numbers."""
    if f.choices:
        return choice(value, getattr(instance, f"get_{f.name}_display")())
    if f.is_relation:
        return reference(value)
    if isinstance(f, models.FileField):
        return value.name
    return portable(value)


def portable(value):
    """A value as JSON: ISO 8601 with the offset of Europe/Copenhagen for times, numbers as numbers."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool | int | float | str | dict | list) or value is None:
        return value
    if isinstance(value, models.Model):
        return reference(value)
    return str(value)


def _readable(value) -> str:
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return "-" if value in (None, "") else str(value)


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
    """Weekly times as "tirsdag 13:00-16:00", periods as "01.12.2026-05.12.2026 ferie"."""
    if isinstance(value, dict):
        if {"day", "start", "end"} <= value.keys() and str(value["day"]).isdigit():
            return f"{WEEKDAYS[int(value['day']) % 7]} {value['start']}-{value['end']}"
        if {"from", "to"} <= value.keys():
            span = f"{_iso_day(value['from'])}-{_iso_day(value['to'])}"
            return f"{span} {value.get('note', '')}".strip()
        return " ".join(str(v) for v in value.values())
    return str(value)


def _iso_day(value) -> str:
    """A stored ISO day ("2026-12-01") as the reader's short date; anything else as it is."""
    try:
        return formats.date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
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

    return Section(
        "retention",
        _("Så længe gemmer vi dine oplysninger"),
        [
            [
                Item(key, what, rule, {"description": what, "rule": rule, "kept_days": kept_days})
                for key, what, rule, kept_days in retention.periods()
            ]
        ],
    )


def own_sections(user) -> list[Section]:
    """The account, roles and citizen record (the community app's own data)."""
    from community import access

    roles = access.roles(user)
    account = Section(
        "account",
        _("Din konto"),
        [
            [
                item("name", _("Navn"), user.get_full_name()),
                item("email", _("E-mail"), user.email),
                *([item("phone", _("Telefon"), user.phone)] if getattr(user, "phone", "") else []),
                Item(
                    "date_joined",
                    _("Oprettet"),
                    formats.date_format(user.date_joined, "SHORT_DATE_FORMAT"),
                    portable(user.date_joined),
                ),
                Item(
                    "roles",
                    _("Dine roller"),
                    ", ".join(str(r) for r in roles) or "-",
                    [_json(record(r, exclude=("user",))) for r in roles],
                ),
            ]
        ],
    )
    result = [account]
    citizen = getattr(user, "citizen", None)
    if citizen is not None:
        result.append(
            Section("citizen", _("Det kommunen ved om dig"), [record(citizen, exclude=("user",))])
        )
    return [s for s in result if s.records]


def _json(items: list[Item]) -> dict:
    return {i.key: i.value for i in items if i.key}


def as_json(user) -> dict:
    """The same data for download (GDPR art. 20): stable English keys and typed values, one object
    per section and one per record; labels in the reader's language beside the codes."""
    return {
        "version": VERSION,
        "generated_at": timezone.localtime().isoformat(),
        "language": get_language(),
        "sections": {
            s.key: {"title": s.title, "records": [_json(r) for r in s.records]}
            for s in sections(user)
        },
    }
