"""The coordinator's decisions on proposals: accept, reject with a reason, or take an alternative."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit import log_action
from community.decisions import record_decision
from matching.models import (
    Activity,
    Match,
    Need,
    Proposal,
)
from matching.rooms import free_weekly_slots, weekly_places
from matching.services import notify
from matching.services.providers import busy_counts
from volunteers.models import Volunteer


def supersede(waiting) -> list[int]:
    """Set these proposals aside in one update(); their ids are for the caller's audit entry."""
    ids = list(waiting.values_list("pk", flat=True))
    Proposal.objects.filter(pk__in=ids).update(status=Proposal.Status.SUPERSEDED)
    return ids


def _first_value(model, pk, field) -> int:
    return model.objects.filter(pk=pk).values_list(field, flat=True).first() or 0


def proposal_accept(*, proposal: Proposal, actor) -> Match:
    """The coordinator approves the pair: a match is made that waits for both parties' consent."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("need").get(pk=proposal.pk)
        if proposal.status != Proposal.Status.PENDING:
            raise ValidationError(_("Forslaget er allerede behandlet."))
        need = proposal.need
        record_decision(proposal, status=Proposal.Status.ACCEPTED, by=actor)
        alternatives = supersede(need.proposals.filter(status=Proposal.Status.ALTERNATIVE))
        match = Match(
            need=need,
            proposal=proposal,
            core_task_id=need.core_task_id,
            local_area_id=need.local_area_id,
            volunteer_id=proposal.volunteer_id,
            activity_id=proposal.activity_id,
            room_id=proposal.room_id,
        )
        if proposal.room_id:
            # A room has nobody to ask: the booking itself is its consent.
            match.provider_consent_at = timezone.now()
        match.full_clean()
        match.save()
        need.status = Need.Status.MATCHED
        need.save(update_fields=["status"])
        log_action(
            "matching.proposal_accepted",
            obj=proposal,
            actor=actor,
            data={"match": match.pk, "alternatives_superseded": alternatives},
        )
        notify.consent_asked(match)
    return match


def proposal_reject(
    *, proposal: Proposal, actor, reason: str, alternative: Proposal | None = None
) -> Proposal:
    """The coordinator says no, with a reason; this pair is never proposed again and the need reopens.

    With an alternative of the same need, that alternative becomes the pending proposal in the same
    step."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv kort, hvorfor forslaget afvises.")})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("need").get(pk=proposal.pk)
        if proposal.status != Proposal.Status.PENDING:
            raise ValidationError(_("Forslaget er allerede behandlet."))
        record_decision(
            proposal, status=Proposal.Status.REJECTED, by=actor, decision_reason=reason[:500]
        )
        need = proposal.need
        need.status = Need.Status.OPEN
        need.save(update_fields=["status"])
        log_action(
            "matching.proposal_rejected", obj=proposal, actor=actor, data={"reason": reason[:500]}
        )
        if alternative is not None:
            if alternative.need_id != need.pk:
                raise ValidationError(_("Alternativet hører ikke til dette behov."))
            proposal_promote(proposal=alternative, actor=actor)
    return proposal


def proposal_promote(*, proposal: Proposal, actor) -> Proposal:
    """Take one of the next-best alternatives instead: it becomes the pending proposal of an open need."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("need").get(pk=proposal.pk)
        need = proposal.need
        if proposal.status != Proposal.Status.ALTERNATIVE or need.status != Need.Status.OPEN:
            raise ValidationError(_("Alternativet kan kun vælges, når behovet er åbent."))
        key = proposal.provider_key
        busy = busy_counts().get(key, 0)
        if proposal.volunteer_id:
            capacity = _first_value(Volunteer, proposal.volunteer_id, "capacity")
        elif proposal.activity_id:
            capacity = _first_value(Activity, proposal.activity_id, "seats")
        else:
            capacity = weekly_places(free_weekly_slots([proposal.room]).get(proposal.room_id, []))
        if busy >= capacity:
            raise ValidationError(
                _("Den frivillige eller aktiviteten har ikke flere ledige pladser.")
            )
        # Alternatives are saved without a meeting place; it is worked out as for a run's first choice.
        from matching.services.runs import meeting_for

        proposal.meeting = meeting_for(proposal)
        proposal.meeting_room_id = proposal.meeting.get("room")
        proposal.status = Proposal.Status.PENDING
        proposal.save(update_fields=["status", "meeting", "meeting_room"])
        need.status = Need.Status.PROPOSED
        need.save(update_fields=["status"])
        log_action(
            "matching.alternative_chosen",
            obj=proposal,
            actor=actor,
            data={"meeting": proposal.meeting.get("kind", "")},
        )
    return proposal
