"""Whether this session passed the second factor: staff may act only then (see StaffMFAMiddleware).

A TOTP device on the account is not enough: Django's admin login, a confirmation link or any other
way in could have logged the session in with a password alone. allauth tells us when a session
completes its MFA step (or sets up a new device); we note the user's id in the session then, and the
middleware asks for that note on every request.
"""

from __future__ import annotations

SESSION_KEY = "samskab_mfa_user"


def mark_passed(session, user) -> None:
    session[SESSION_KEY] = str(user.pk)


def passed(request, user) -> bool:
    session = getattr(request, "session", None)
    return session is not None and session.get(SESSION_KEY) == str(user.pk)


def has_device(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _on_step(sender, request, method, user, **kwargs):
    if method == "mfa" and request is not None:
        mark_passed(request.session, user)


def _on_device_added(sender, request, user, **kwargs):
    # Setting up a device proves possession of it: the session has just used the second factor.
    if request is not None:
        mark_passed(request.session, user)


def connect_signals() -> None:
    from allauth.account.signals import authentication_step_completed
    from allauth.mfa.signals import authenticator_added

    authentication_step_completed.connect(_on_step, dispatch_uid="samskab-mfa-step")
    authenticator_added.connect(_on_device_added, dispatch_uid="samskab-mfa-added")
