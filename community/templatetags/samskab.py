from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current address with only the page changed, so paging keeps every filter."""
    query = context["request"].GET.copy()
    query["side"] = number
    return "?" + query.urlencode()
