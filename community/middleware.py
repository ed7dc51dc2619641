from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from community import access, mfa
from community.audit import acting_as
from community.http import client_ip

STATIC_PREFIXES = ("/static/", "/media/", "/i18n/", "/sprog/")
MFA_EXEMPT_PREFIXES = ("/accounts/", *STATIC_PREFIXES)


class AuditActorMiddleware:
    """Attribute every model change made during a request to the user who made it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None), client_ip(request)):
            return self.get_response(request)


class StaffMFAMiddleware:
    """Staff act only in a session that passed the second factor (TOTP).

    Staff without a device may only set one up. Staff whose session skipped the second factor,
    whatever way it was logged in, are logged out and sent to the log-in, which asks for the code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            not user.is_authenticated
            or request.path.startswith(STATIC_PREFIXES)
            or mfa.passed(request, user)
            or not access.is_staff_member(user)
        ):
            return self.get_response(request)
        if not mfa.has_device(user):
            if request.path.startswith(MFA_EXEMPT_PREFIXES):
                return self.get_response(request)
            messages.warning(
                request,
                _("Som medarbejder skal du slå totrinsbekræftelse til, før du kan fortsætte."),
            )
            return redirect(reverse("mfa_activate_totp"))
        logout(request)
        messages.warning(
            request,
            _("Log ind igen med din kode fra godkendelses-appen for at fortsætte."),
        )
        return redirect_to_login(request.get_full_path(), reverse("account_login"))


class DanishFirstMiddleware:
    """Danish unless the user chose otherwise: the browser's language list is not a choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class FrameAncestorsMiddleware:
    """Only views marked xframe_options_exempt (the embeddable map) may be framed, by the allowlist.

    It sits after django-csp's middleware, so it edits the policy that middleware then writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "xframe_options_exempt", False):
            ancestors = list(settings.EMBED_FRAME_ANCESTORS) or ["'none'"]
            response._csp_replace = {
                **(getattr(response, "_csp_replace", None) or {}),
                "frame-ancestors": ancestors,
            }
        return response


class MunicipalityTilesMiddleware:
    """The map tiles come from the municipality's own tile server when its row names one: the
    Content-Security-Policy lets the browser load them from there (the settings' server is allowed
    already). It sits after django-csp's middleware, so it edits the policy that middleware writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from community.municipality import current_municipality

        response = self.get_response(request)
        if not settings.MAP_TILES_ENABLED or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            return response  # only pages show maps; the municipality is not read for the rest
        tile_url = current_municipality().tile_url
        if tile_url:
            parts = urlsplit(tile_url.replace("{s}", "*"))
            origin = f"{parts.scheme}://{parts.netloc}"
            update = getattr(response, "_csp_update", None) or {}
            response._csp_update = {**update, "img-src": [*update.get("img-src", []), origin]}
        return response


class HtmxMessagesMiddleware:
    """An in-page (htmx) update shows the messages its request made, out of band, in the page's
    message box: otherwise they wait for the next whole page and pile up there, one per click."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
            and "HX-Redirect" not in response
        ):
            stored = messages.get_messages(request)
            if len(stored):
                response.content += render_to_string(
                    "_messages.html", {"messages": stored, "oob": True}, request=request
                ).encode(response.charset)
        return response
