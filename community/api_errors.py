"""Errors outside DRF's reach (no URL matched) answered in the API's own error format."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIXES = ("/api/", "/kort/api/")


def page_not_found(request, exception):
    """JSON for API paths (an id that is not a number never reaches a view), the HTML page elsewhere."""
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"detail": _("Ikke fundet.")}, status=404)
    return defaults.page_not_found(request, exception)
