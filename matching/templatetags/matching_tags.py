from django import template

from matching.reasons import describe_all, describe_meeting

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
