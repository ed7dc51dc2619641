"""A local SMTP server for the tests: it refuses a mail twice, then takes it."""

import socket

import pytest
from aiosmtpd.controller import Controller


class RefusesTwice:
    """An SMTP handler that answers DATA with a temporary, then a permanent refusal, then takes it."""

    def __init__(self):
        self.tries = 0
        self.accepted = []

    async def handle_DATA(self, server, session, envelope):
        self.tries += 1
        if self.tries == 1:
            return "451 4.3.0 Mail server busy, try again later"
        if self.tries == 2:
            return "554 5.3.0 Transaction failed"
        self.accepted.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = RefusesTwice()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = False
    settings.MESSAGING_RETRY_DELAY_S = 0  # the back-off itself is tested in test_send_message.py
    yield handler
    controller.stop()
