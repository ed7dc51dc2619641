"""A person's mail choices: the language they want mails in and the kinds they turned off.

They are stored on volunteers' NotificationPreference (every user has the same page to set them),
which is why the core reads a model of another app here and nowhere else.
"""

from __future__ import annotations

from django.conf import settings

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _stored(user):
    from volunteers.models import NotificationPreference

    return NotificationPreference.objects.filter(user=user).first()


def language_for(user, chosen: str | None = None) -> str:
    """The user's stored language; else the one the person chose when leaving the address; else Danish."""
    pref = _stored(user) if user is not None else None
    if pref is not None and pref.language in LANGUAGES:
        return pref.language
    if chosen in LANGUAGES:
        return chosen
    return settings.LANGUAGE_CODE


def wants(user, choice: str | None) -> bool:
    """Whether the user wants mails of this choice (every choice is on until turned off)."""
    if choice is None or user is None:
        return True
    pref = _stored(user)
    return pref is None or choice in pref.kinds
