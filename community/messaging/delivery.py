"""Delivering one Outbox row: once, under a row lock, with retries scheduled by us.

Celery's own `self.retry()` behaves differently in a worker and in-process; scheduling the next
try ourselves (community.tasks.send_later: a worker's countdown, or a timer thread without a broker)
works the same in both.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from community.audit import log_action
from community.messaging.models import Outbox

# What a mail server that is down, slow or refusing raises (SMTPServerDisconnected is an SMTPException,
# a refused connection or a time-out an OSError).
TRANSIENT = (smtplib.SMTPException, OSError)


def retry_countdown_s(attempts: int) -> int:
    """Seconds before the next try: the base delay, doubled after every failed try."""
    return settings.MESSAGING_RETRY_DELAY_S * 2 ** max(attempts - 1, 0)


def deliver(outbox_id: int, message: dict) -> tuple[str, int | None]:
    """Send the row's message unless it went already; the row's status and the retry countdown."""
    with transaction.atomic():
        # The lock makes a second run of the same task (a lost worker, a duplicate retry) wait here
        # and then find the row sent.
        row = Outbox.objects.select_for_update().filter(pk=outbox_id).first()
        if row is None or row.status != Outbox.Status.QUEUED:
            return (row.status if row else "missing"), None
        row.attempts += 1
        try:
            _send(message)
        except TRANSIENT as exc:
            row.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if row.attempts >= settings.MESSAGING_MAX_ATTEMPTS:
                row.status = Outbox.Status.FAILED
                log_action(
                    "messaging.failed",
                    obj=row,
                    actor=None,
                    data={"kind": row.kind, "attempts": row.attempts, "error": row.last_error},
                )
        else:
            row.status = Outbox.Status.SENT
            row.sent_at = timezone.now()
        row.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if row.status == Outbox.Status.QUEUED:
        return row.status, retry_countdown_s(row.attempts)
    return row.status, None


def _send(message: dict) -> None:
    mail = EmailMultiAlternatives(message["subject"], message["text"], None, [message["to"]])
    if message.get("html"):
        mail.attach_alternative(message["html"], "text/html")
    mail.send()
