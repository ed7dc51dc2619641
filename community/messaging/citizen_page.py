"""What the citizen's page shows from messaging: the mails sent to her (community.selectors)."""

from django.utils.translation import gettext_lazy as _

from community.messaging.selectors import messages_to


def sections(user, citizen) -> list[dict]:
    return [
        {
            "title": _("E-mails til borgeren"),
            "template": "messaging/_citizen_outbox.html",
            "outbox": messages_to(user=citizen.user, email=citizen.email),
        }
    ]
