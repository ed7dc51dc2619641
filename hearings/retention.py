"""How long an unconfirmed hearing answer is kept (its job runs from community.retention)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.retention import Kind, rule
from hearings.publishing import followers_purge_expired
from hearings.services import responses_purge_unconfirmed


def hearing_answers_delete_unconfirmed(now: datetime) -> int:
    return responses_purge_unconfirmed(now=now)


def hearing_followers_delete_expired(now: datetime) -> int:
    return followers_purge_expired(now=now)


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
    Kind(
        "hearing_followers",
        hearing_followers_delete_expired,
        "hearing follower address(es) kept past their period",
        lambda: _("Din e-mail, når du følger en høring"),
        rule(
            gettext_noop(
                "Slettes, når beslutningen er sendt til dig, når du stopper med at følge høringen, "
                "og senest %(period)s efter, at høringen lukkede."
            ),
            "hearing_followers",
        ),
    ),
]
