"""Consent, activation and the end of a match."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit import log_action
from matching.models import (
    FollowUp,
    Match,
    Need,
)
from matching.services import notify

FOLLOW_UP_DAYS = {FollowUp.Stage.TWO_WEEKS: 14, FollowUp.Stage.THREE_MONTHS: 91}


VIA = ("login", "link", "phone")


def match_consent(
    *, match: Match, party: str, actor, given: bool, via: str = "login", note: str = ""
) -> Match:
    """One party says yes or no. Both yes: the match is active and follow-ups are planned. A no ends it.

    `via` says how the answer came: the party logged in, a mailed link, or the coordinator on the phone.
    Both parties are told by mail when the match is active; the other party when one says no."""
    if party not in ("citizen", "provider"):
        raise ValidationError(_("Ukendt part."))
    if via not in VIA:
        raise ValidationError(_("Ukendt måde at svare på."))
    note = (note or "").strip()[:500]
    audit = {"party": party, "via": via}
    if note:
        audit["note"] = note
    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("need").get(pk=match.pk)
        if match.status != Match.Status.AWAITING_CONSENT:
            raise ValidationError(_("Matchet venter ikke længere på samtykke."))
        already = match.citizen_consent_at if party == "citizen" else match.provider_consent_at
        if already:
            raise ValidationError(_("Der er allerede svaret ja for denne part."))
        now = timezone.now()
        if not given:
            match.status = Match.Status.DECLINED
            match.ended_at = now
            match.save(update_fields=["status", "ended_at"])
            need = match.need
            need.status = Need.Status.OPEN
            need.save(update_fields=["status"])
            log_action("matching.consent_declined", obj=match, actor=actor, data=audit)
            notify.match_declined(match, declined_by=party)
            return match
        if party == "citizen":
            match.citizen_consent_at, match.citizen_consent_by = now, actor
        else:
            match.provider_consent_at, match.provider_consent_by = now, actor
        fields = [
            "citizen_consent_at",
            "citizen_consent_by",
            "provider_consent_at",
            "provider_consent_by",
        ]
        log_action("matching.consent_given", obj=match, actor=actor, data=audit)
        if match.citizen_consent_at and match.provider_consent_at:
            match.status = Match.Status.ACTIVE
            match.started_at = now
            fields += ["status", "started_at"]
            need = match.need
            need.matched_at = now
            need.save(update_fields=["matched_at"])
            start = timezone.localdate()
            planned = FollowUp.objects.bulk_create(
                [
                    FollowUp(match=match, stage=stage, due_on=start + timedelta(days=days))
                    for stage, days in FOLLOW_UP_DAYS.items()
                ]
            )
            log_action(
                "matching.match_active",
                obj=match,
                actor=actor,
                data={"follow_ups_due": [f.due_on.isoformat() for f in planned]},
            )
            notify.match_active(match)
        match.save(update_fields=fields)
    return match


def match_end(*, match: Match, actor, outcome: str, note: str = "") -> Match:
    if match.status != Match.Status.ACTIVE:
        raise ValidationError(_("Kun aktive match kan afsluttes."))
    if outcome not in Match.Outcome.values:
        raise ValidationError({"outcome": _("Vælg hvordan det gik.")})
    with transaction.atomic():
        match.status = Match.Status.ENDED
        match.outcome = outcome
        match.outcome_note = note
        match.ended_at = timezone.now()
        match.full_clean()
        match.save(update_fields=["status", "outcome", "outcome_note", "ended_at"])
        need = match.need
        need.status = Need.Status.CLOSED
        need.save(update_fields=["status"])
        log_action("matching.match_ended", obj=match, actor=actor, data={"outcome": outcome})
    return match
