"""How long an unconfirmed hearing answer is kept (its job runs from community.retention)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.retention import Kind, rule
from hearings.services import responses_purge_unconfirmed


def hearing_answers_delete_unconfirmed(now: datetime) -> int:
    return responses_purge_unconfirmed(now=now)


# Texts are translated when shown (these lambdas run per request), not when this module is imported.
KINDS = [
    Kind(
        "unconfirmed_hearing_answers",
        hearing_answers_delete_unconfirmed,
        "unconfirmed hearing answer(s) whose link expired",
        lambda: _("Svar på en høring, som du ikke har bekræftet"),
        rule(
            gettext_noop(
                "Slettes %(period)s efter, at du svarede, hvis du ikke har trykket på linket i e-mailen."
            ),
            "unconfirmed_hearing_answers",
        ),
    ),
]
