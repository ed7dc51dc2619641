"""The one way the platform sends a message (every mail goes through `send_message`).

The message is rendered in the recipient's language (their stored choice, else Danish), recorded in
the Outbox and handed to a Celery task once the transaction commits; the task retries with back-off
when the mail server fails and marks the row failed after the last try. Nothing here runs at import:
the app registry loads this package before the models are ready.
"""

from __future__ import annotations

from collections.abc import Callable


def send_message(
    kind: str,
    recipient,
    context: dict | None = None,
    *,
    language: str | None = None,
    choice: str | None = None,
    user=None,
):
    """Queue one message of `kind` to a User or an address; the Outbox row, or None when not sent.

    `language` is the one the person chose when they left an address (a report, a hearing answer)
    and counts only when they have no stored choice; `choice` is the mail choice (a volunteers'
    NotificationKind) a person may have turned off; `user` the account an address belongs to when
    the caller knows it (a citizen's own address may differ from her login's).
    """
    from community.messaging.outbox import render

    return send_rendered(
        kind,
        recipient,
        lambda lang: render(kind, context or {}, lang),
        language=language,
        choice=choice,
        user=user,
    )


def send_rendered(
    kind: str,
    recipient,
    build: Callable[[str], dict],
    *,
    language: str | None = None,
    choice: str | None = None,
    user=None,
):
    """As send_message, for a message another library renders: `build(language)` returns its
    subject, text and html, and is called with that language active."""
    from django.utils import translation

    from community.messaging import preferences
    from community.messaging.outbox import queue, resolve

    found, email = resolve(recipient)
    user = user or found
    if not email or not preferences.wants(user, choice):
        return None
    lang = preferences.language_for(user, language)
    with translation.override(lang):
        parts = build(lang)
    return queue(kind, user=user, email=email, language=lang, **parts)


__all__ = ["send_message", "send_rendered"]
