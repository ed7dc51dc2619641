"""Hours as people read them: one decimal, the language's marks ("1.234,5 timer", "1,234.5 hours")."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

register = template.Library()


def hours_number(hours) -> str:
    """1234.5 -> "1.234,5" in Danish, "1,234.5" in English; always one decimal."""
    return number_format(
        round(float(hours or 0), 1), decimal_pos=1, use_l10n=True, force_grouping=True
    )


@register.filter
def hours(value) -> str:
    """A number of hours with its unit: "1,5 timer"."""
    amount = round(float(value or 0), 1)
    return ngettext("%(hours)s time", "%(hours)s timer", 1 if amount == 1 else 2) % {
        "hours": hours_number(amount)
    }


@register.filter
def minutes_as_hours(value) -> str:
    """A duration in minutes (duration_min) shown as hours: 90 -> "1,5 timer"."""
    return hours((value or 0) / 60)


@register.filter(name="hours_number")
def hours_number_filter(value) -> str:
    return hours_number(value)
