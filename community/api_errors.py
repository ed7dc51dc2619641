"""Errors outside DRF's reach: the API's own error format for API paths, a way on for people."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIXES = ("/api/", "/kort/api/")


def page_not_found(request, exception):
    """JSON for API paths (an id that is not a number never reaches a view), the HTML page elsewhere."""
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"detail": _("Ikke fundet.")}, status=404)
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception):
    """Someone not logged in is sent to log in (and back here after); a logged-in person sees why not."""
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"detail": str(exception) or _("Ingen adgang.")}, status=403)
    if not request.user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    return defaults.permission_denied(request, exception)
