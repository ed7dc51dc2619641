"""E-mails to volunteers and coordinators (through community.messaging: in the recipient's language, only of
the kinds they chose).

Links in a mail that act without logging in are signed (django.core.signing) and expire; they only allow
actions that are safe if a mail is forwarded: a volunteer confirming she will come, or turning a kind of
mail off. Anything that changes someone else's data (approving hours, applications) needs a login.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from community.messaging import send_message
from community.site import absolute_url
from volunteers.models import NotificationKind, NotificationPreference

SALT = "volunteers.action"
LINK_MAX_AGE_S = 14 * 24 * 3600
SAFE_ACTIONS = {"confirm_application", "unsubscribe"}


def preference_for(user) -> NotificationPreference:
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref or NotificationPreference(
        user=user, kinds=[k.value for k in NotificationKind], language="da"
    )


def action_token(*, action: str, user_id: int, object_id: int | str) -> str:
    if action not in SAFE_ACTIONS:
        raise ValueError(f"{action} is not safe without login")
    return signing.dumps({"a": action, "u": user_id, "o": str(object_id)}, salt=SALT)


def read_action_token(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE_S)
    except signing.BadSignature:
        return None
    return data if data.get("a") in SAFE_ACTIONS else None


def action_url(*, action: str, user_id: int, object_id) -> str:
    token = action_token(action=action, user_id=user_id, object_id=object_id)
    return absolute_url(reverse("volunteers:action", args=[token]))


def notify(user, kind: str, template: str, context: dict) -> bool:
    """Send one mail if the user wants this kind; returns whether it was queued."""
    context = {
        **context,
        "user": user,
        "unsubscribe_url": action_url(action="unsubscribe", user_id=user.pk, object_id=kind),
    }
    return send_message(f"volunteers.{template}", user, context, choice=kind) is not None
