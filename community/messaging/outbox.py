"""Rendering a message and putting it in the Outbox; delivery is in delivery.py."""

from __future__ import annotations

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from community.messaging.kinds import KINDS
from community.messaging.models import Outbox
from community.tasks import after_commit


def resolve(recipient) -> tuple[object | None, str]:
    """The user (when the address belongs to an account) and the address to write to."""
    from community.models import User

    if recipient is None:
        return None, ""
    if isinstance(recipient, User):
        return recipient, recipient.email or ""
    email = str(recipient).strip()
    if not email:
        return None, ""
    return User.objects.filter(email__iexact=email, is_active=True).first(), email


def render(kind: str, context: dict, language: str) -> dict:
    """Subject, text and HTML of a kind's templates, in `language`."""
    spec = KINDS[kind]
    context = {**context, "language": language, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = " ".join(plain(f"{spec.template}_subject.txt", context).split())
        text = plain(f"{spec.template}.txt", context)
        try:
            html = render_to_string(f"{spec.template}.html", context)
        except TemplateDoesNotExist:
            html = wrap_html(subject=subject, text=text, language=language)
    return {"subject": subject, "text": text, "html": html}


def plain(template_name: str, context: dict) -> str:
    """A text template rendered without HTML escaping: a name like O'Brien stays O'Brien in a mail."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def wrap_html(*, subject: str, text: str, language: str) -> str:
    return render_to_string(
        "messaging/email/base.html", {"subject": subject, "text": text, "language": language}
    )


def queue(kind: str, *, user, email: str, language: str, subject: str, text: str, html: str):
    row = Outbox.objects.create(user=user, email=email, kind=kind, language=language)
    message = {"to": email, "subject": subject, "text": text, "html": html}

    def deliver():
        from community.messaging.tasks import deliver
        from community.tasks import send_now

        send_now(deliver, row.pk, message)

    after_commit(deliver)
    return row
