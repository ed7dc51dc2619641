"""Template filters of the booking pages."""

from django import template

from bookings.forms import short_date as _short_date

register = template.Library()


@register.filter(expects_localtime=True)
def short_date(value) -> str:
    """tir. 5. jan. 2027: a weekday and date, the month in lower case as Danish writes it."""
    return _short_date(value) if value else ""
