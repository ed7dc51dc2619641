"""Needs: made after a coordinator's talk or from the citizen's own request, reviewed, withdrawn."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit import log_action
from community.weekly import slots_from_choices
from matching.models import (
    Need,
    NeedKind,
    Proposal,
)
from matching.services.proposals import supersede


def need_create(*, actor, citizen, source: str, consent: bool, **fields) -> Need:
    """A need from a coordinator's talk (open at once) or from the citizen's own request (to be reviewed)."""
    requested = source in (Need.Source.CITIZEN, Need.Source.FORM)
    status = Need.Status.REQUESTED if requested else Need.Status.OPEN
    if not consent:
        raise ValidationError(_("Borgeren skal give samtykke, før vi leder efter et match."))
    need = Need(
        citizen=citizen,
        source=source,
        status=status,
        consent_at=timezone.now(),
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    if need.lat is None and citizen.lat is not None and not need.postcode:
        need.lat, need.lon = citizen.lat, citizen.lon
        need.street, need.postcode, need.city = citizen.street, citizen.postcode, citizen.city
    if citizen.age is not None and citizen.age < 15:
        need.for_child = True
    need.full_clean()
    need.save()
    log_action("matching.need_created", obj=need, actor=actor, data={"source": source})
    return need


REQUEST_CORE_TASK = {
    NeedKind.VISITING_FRIEND: "social-omsorg",
    NeedKind.MEAL_BUDDY: "social-omsorg",
    NeedKind.SHARED_MEAL: "fritid-faellesskab",
    NeedKind.MENTOR: "beskaeftigelse",
}


def need_request_submit(*, user, data: dict) -> Need:
    """The citizen's own request: their citizen record is made or updated, a coordinator reviews the need."""
    from community.models import Citizen, CoreTask

    with transaction.atomic():
        citizen = Citizen.objects.filter(user=user).first()
        if citizen is None:
            citizen = Citizen(
                user=user,
                first_name=user.first_name or user.email.split("@")[0],
                last_name=user.last_name,
            )
        citizen.street, citizen.postcode, citizen.city = (
            data["street"],
            data["postcode"],
            data["city"],
        )
        citizen.phone = data["phone"]
        citizen.lat = citizen.lon = None  # the new address is placed from its postcode
        citizen.full_clean()
        citizen.save()
        log_action(
            "matching.citizen_request_details",
            obj=citizen,
            actor=user,
            data={"fields": ["street", "postcode", "city", "phone"]},
        )
        task = (
            CoreTask.objects.filter(slug=REQUEST_CORE_TASK[data["kind"]]).first()
            or CoreTask.objects.first()
        )
        citizen.core_tasks.add(task)
        return need_create(
            actor=user,
            citizen=citizen,
            source=Need.Source.CITIZEN,
            consent=data["consent"],
            kind=data["kind"],
            core_task=task,
            hopes=data["hopes"],
            interests=data.get("interests", ""),
            availability=slots_from_choices(data["times"]),
            languages=list(data["languages"]),
            preferred_gender=data.get("preferred_gender", ""),
            step_free=bool(data.get("step_free")),
        )


def need_review(*, need: Need, actor) -> Need:
    """A coordinator has read the citizen's request and talked to them: the need may now be matched."""
    if need.status != Need.Status.REQUESTED:
        raise ValidationError(_("Kun nye ønsker fra borgere kan godkendes."))
    need.status = Need.Status.OPEN
    need.call_back = False
    need.full_clean()
    need.save(update_fields=["status", "call_back"])
    log_action("matching.need_reviewed", obj=need, actor=actor)
    return need


def need_withdraw(*, need: Need, actor, reason: str) -> Need:
    if need.status in (Need.Status.CLOSED, Need.Status.WITHDRAWN):
        raise ValidationError(_("Behovet er allerede lukket."))
    with transaction.atomic():
        superseded = supersede(
            need.proposals.filter(status__in=[Proposal.Status.PENDING, Proposal.Status.ALTERNATIVE])
        )
        need.status = Need.Status.WITHDRAWN
        need.save(update_fields=["status"])
        log_action(
            "matching.need_withdrawn",
            obj=need,
            actor=actor,
            data={"reason": reason, "proposals_superseded": superseded},
        )
    return need
