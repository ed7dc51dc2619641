"""A local SMTP server for tests (aiosmtpd on 127.0.0.1): it refuses the first mails, then takes them.

Used in-process (`use_in(settings)`) and by a real Celery worker process (`worker_env`).
"""

from __future__ import annotations

import socket

from aiosmtpd.controller import Controller

# The refusals a mail server gives, in the order this one gives them: a temporary one, then a
# permanent-looking one (the outbox retries both: a busy relay says either).
REFUSALS = (
    "451 4.3.0 Mail server busy, try again later",
    "554 5.3.0 Transaction failed",
)


class LocalSmtpServer:
    """Answers DATA with the first `refusals` refusals of REFUSALS, then accepts every mail."""

    def __init__(self, refusals: int = 0):
        self.refusals = refusals
        self.tries = 0
        self.accepted = []
        self._controller = Controller(self, hostname="127.0.0.1", port=_free_port())

    async def handle_DATA(self, server, session, envelope):
        self.tries += 1
        if self.tries <= self.refusals:
            return REFUSALS[(self.tries - 1) % len(REFUSALS)]
        self.accepted.append(envelope)
        return "250 OK"

    def start(self) -> LocalSmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def worker_env(self) -> dict[str, str]:
        """The environment that makes a worker process (community/settings.py) send here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self._controller.hostname,
            "EMAIL_PORT": str(self._controller.port),
            "EMAIL_USE_TLS": "0",
        }

    def use_in(self, settings) -> None:
        """Make this process send here (pytest-django's `settings` fixture)."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = self._controller.hostname, self._controller.port
        settings.EMAIL_USE_TLS = False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
