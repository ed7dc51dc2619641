"""The municipality's name in templates rendered without a request (mails)."""

from django import template

from community.municipality import current_municipality

register = template.Library()


@register.simple_tag
def authority_name() -> str:
    return current_municipality().authority_name
