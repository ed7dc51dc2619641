"""A local SMTP server for the tests: it refuses a mail twice, then takes it."""

import pytest

from tests.smtp import LocalSmtpServer


@pytest.fixture
def smtp_server(settings):
    server = LocalSmtpServer(refusals=2).start()
    server.use_in(settings)
    settings.MESSAGING_RETRY_DELAY_S = 0  # the back-off itself is tested in test_send_message.py
    yield server
    server.stop()
