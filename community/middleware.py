from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from community import access
from community.audit import acting_as

MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/i18n/", "/sprog/")


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class AuditActorMiddleware:
    """Attribute every model change made during a request to the user who made it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None), _client_ip(request)):
            return self.get_response(request)


class StaffMFAMiddleware:
    """Staff may not act until they have set up two-factor login (TOTP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and access.is_staff_member(user)
            and not _has_totp(user)
        ):
            messages.warning(
                request,
                _("Som medarbejder skal du slå totrinsbekræftelse til, før du kan fortsætte."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class DanishFirstMiddleware:
    """Danish unless the user chose otherwise: the browser's language list is not a choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class FrameAncestorsMiddleware:
    """Only views marked xframe_options_exempt (the embeddable map) may be framed, by the allowlist."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "xframe_options_exempt", False):
            ancestors = " ".join(settings.EMBED_FRAME_ANCESTORS) or "'none'"
        else:
            ancestors = "'none'"
        response.headers.setdefault("Content-Security-Policy", f"frame-ancestors {ancestors}")
        return response
