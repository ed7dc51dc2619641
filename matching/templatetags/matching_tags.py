from django import template
from django.utils.text import capfirst

from community.weekly import WEEKDAYS
from matching.reasons import describe_all, describe_meeting, language_name

register = template.Library()


@register.filter
def reason_texts(proposal) -> list[str]:
    return describe_all(proposal.reasons)


@register.filter
def meeting_text(proposal) -> str:
    return describe_meeting(proposal.meeting or {}, proposal.meeting_room)


@register.filter
def percent(value) -> int:
    return round(float(value or 0) * 100)


@register.filter
def provider_label(obj) -> str:
    """Who or what the citizen is matched with, without the citizen's data."""
    if obj.volunteer_id:
        return str(obj.volunteer.user)
    if obj.activity_id:
        return f"{obj.activity.title} ({obj.activity.association.name})"
    return str(obj.room)


@register.filter
def provider_first_name(obj) -> str:
    """The provider as a citizen sees it before both said yes: a volunteer by first name only."""
    if obj.volunteer_id:
        return obj.volunteer.user.first_name
    return provider_label(obj)


@register.filter
def wished_times(need) -> list[str]:
    """The need's weekly times as "Tirsdag 13:00–16:00"."""
    return [
        f"{capfirst(WEEKDAYS[int(s['day'])])} {s['start']}–{s['end']}"
        for s in need.availability or []
    ]


@register.filter
def wished_languages(need) -> list[str]:
    return [language_name(code) for code in need.languages or []]
