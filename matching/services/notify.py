"""E-mails to the two parties of a match, in each recipient's language, sent after the transaction commits.

Each party is asked for their yes when the coordinator accepts a proposal, told when the match is active
(with the other party's contact details) and told if the other party says no. The question links are
signed (TimestampSigner) and bound to the match, the party and the action; they expire, and a link only
answers for the party it was sent to. No mail names a need's hopes, interests or notes: those may hold
health or other special-category data.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from community.messaging import send_message
from matching import selectors
from matching.models import Match
from matching.templatetags.matching_tags import provider_first_name

SALT = "matching.answer"
ACTION = "answer"
LINK_MAX_AGE_S = 14 * 24 * 3600
PARTIES = ("citizen", "provider")

_muted: contextvars.ContextVar = contextvars.ContextVar("matching_mail_muted", default=False)


@contextmanager
def muted_mail():
    """No match e-mails for changes made inside the block (demo data)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def answer_token(*, match_id: int, party: str) -> str:
    if party not in PARTIES:
        raise ValueError(f"unknown party {party}")
    return signing.TimestampSigner(salt=SALT).sign_object({"m": match_id, "p": party, "a": ACTION})


def read_answer_token(token: str) -> tuple[dict | None, str]:
    """The link's match id and party, or None and why not: "expired" or "invalid"."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=LINK_MAX_AGE_S)
    except signing.SignatureExpired:
        return None, "expired"
    except (signing.BadSignature, ValueError, TypeError):
        return None, "invalid"
    if (
        not isinstance(data, dict)
        or data.get("a") != ACTION
        or data.get("p") not in PARTIES
        or not isinstance(data.get("m"), int)
    ):
        return None, "invalid"
    return data, ""


def answer_url(*, match_id: int, party: str) -> str:
    token = answer_token(match_id=match_id, party=party)
    return settings.SITE_URL.rstrip("/") + reverse("matching:answer", args=[token])


def _recipient(match: Match, party: str) -> tuple[str, object | None, str, bool]:
    """E-mail address, account, first name and whether they can log in ("" when nobody to write to)."""
    if party == "citizen":
        citizen = match.need.citizen
        user = citizen.user
        return (
            citizen.email or (user.email if user else ""),
            user,
            citizen.first_name,
            user is not None,
        )
    if match.volunteer_id:
        user = match.volunteer.user
        return user.email, user, user.first_name, True
    if match.activity_id:
        association = match.activity.association
        return association.email, None, association.name, True
    return "", None, "", False  # a room answers by its booking


def _first_name(match: Match, party: str) -> str:
    """How the other party is named before both said yes: a first name, or the activity."""
    if party == "citizen":
        return match.need.citizen.first_name
    return provider_first_name(match)


def _send(match: Match, party: str, template: str, **context) -> bool:
    email, user, first_name, has_login = _recipient(match, party)
    context = {
        **context,
        "match": match,
        "party": party,
        "first_name": first_name,
        "has_login": has_login,
    }
    return send_message(f"matching.{template}", email, context, user=user) is not None


def _fresh(match_id: int) -> Match:
    return Match.objects.select_related(
        "need__citizen__user", "volunteer__user", "activity__association", "room"
    ).get(pk=match_id)


def _after_commit(send) -> None:
    if not _muted.get():
        transaction.on_commit(send)


def _other(party: str) -> str:
    return "provider" if party == "citizen" else "citizen"


def consent_asked(match: Match) -> None:
    """Ask each party that has not yet said yes for their answer, with a signed link."""

    def send():
        fresh = _fresh(match.pk)
        for party in PARTIES:
            given = fresh.citizen_consent_at if party == "citizen" else fresh.provider_consent_at
            if not given:
                _send(
                    fresh,
                    party,
                    "consent_asked",
                    answer_url=answer_url(match_id=fresh.pk, party=party),
                    other_name=_first_name(fresh, _other(party)),
                )

    _after_commit(send)


def match_active(match: Match) -> None:
    """Tell both parties the match is active, with the other party's contact details."""

    def send():
        fresh = _fresh(match.pk)
        for party in PARTIES:
            _send(
                fresh,
                party,
                "match_active",
                contact=selectors.contact_details(fresh, _other(party)),
            )

    _after_commit(send)


def match_declined(match: Match, *, declined_by: str) -> None:
    """Tell the other party that this party said no thanks."""

    def send():
        _send(_fresh(match.pk), _other(declined_by), "match_declined")

    _after_commit(send)


def follow_up_due(match: Match) -> int:
    """Ask each party how it is going, in their own language; returns how many mails went out.

    Sent at once, not after commit: the daily job runs outside a transaction."""
    fresh = _fresh(match.pk)
    return sum(_send(fresh, party, "follow_up_due") for party in PARTIES)
