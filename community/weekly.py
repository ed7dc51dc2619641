"""Weekdays and the parts of a day that people choose when they say when they can meet.

Labels stay lazy: a choice list built at import time would stay in the language of whoever
imported it first. Django's own weekday names are translated already (`django.utils.dates`).
"""

from __future__ import annotations

from django.utils import dates
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [dates.WEEKDAYS[day] for day in range(7)]  # Monday first, as datetime.weekday()
WEEKDAY_CHOICES = list(enumerate(WEEKDAYS))

PARTS_OF_DAY = [
    ("morning", _("formiddag"), "09:00", "12:00"),
    ("afternoon", _("eftermiddag"), "12:00", "17:00"),
    ("evening", _("aften"), "17:00", "21:00"),
]
PART_TIMES = {key: (start, end) for key, _label, start, end in PARTS_OF_DAY}
TIME_CHOICES = [
    (f"{day}-{key}", format_lazy("{} {}", capfirst(WEEKDAYS[day]), label))
    for day in range(7)
    for key, label, _start, _end in PARTS_OF_DAY
]


def slots_from_choices(values: list[str]) -> list[dict]:
    """Chosen "day-part" values as weekly slots {day, start, end}, in week order."""
    slots = []
    for value in values:
        day, part = value.split("-")
        start, end = PART_TIMES[part]
        slots.append({"day": int(day), "start": start, "end": end})
    return sorted(slots, key=lambda s: (s["day"], s["start"]))


def choices_from_slots(slots: list[dict]) -> list[str]:
    """The parts of the day that weekly slots touch, as choice values."""
    chosen = []
    for slot in slots or []:
        for key, (start, end) in PART_TIMES.items():
            if slot.get("start", "") < end and slot.get("end", "") > start:
                chosen.append(f"{slot['day']}-{key}")
    return chosen
