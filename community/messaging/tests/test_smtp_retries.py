"""A real SMTP conversation: a local server (conftest.py) refuses the mail twice, then takes it."""

import pytest

from community.messaging import send_message
from community.messaging.models import Outbox

pytestmark = pytest.mark.django_db


def test_a_mail_refused_twice_is_delivered_once_on_the_third_try(smtp_server):
    row = send_message(
        "localareas.council_invitation",
        "ida@example.dk",
        {"council": {"name": "Lokalrådet i Uldum"}, "link": "https://x.example.dk/", "days": 14},
    )
    assert smtp_server.tries == 3
    (envelope,) = smtp_server.accepted
    assert envelope.rcpt_tos == ["ida@example.dk"]
    assert b"Lokalr" in envelope.content
    row = Outbox.objects.get(pk=row.pk)
    assert (row.status, row.attempts) == ("sent", 3)
    assert row.sent_at is not None
