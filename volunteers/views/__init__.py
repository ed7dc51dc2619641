"""Pages of the volunteer module: the volunteer's own (own), opportunities, and the coordinators' (coordination)."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from volunteers.forms import add_service_errors


def saved(request, form, success: str, service, **kwargs):
    """Call one write service for a valid form: its result and the success message, or None and
    its refusal shown on the form."""
    try:
        result = service(**kwargs)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success)
    return result
