"""Pages of the volunteer module: the volunteer's own (own), opportunities, and the coordinators' (coordination)."""

from community.service_calls import call_service


def saved(request, form, success: str, service, **kwargs):
    """Call one write service for a valid form (community/service_calls.py): its result, or None
    with its refusal shown on the form."""
    return call_service(request, service, success, form=form, **kwargs)
