"""Ways in for citizens without an account: the open request form and the coordinator's phone intake."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from community.audit import log_action
from community.models import Citizen, CoreTask
from community.weekly import slots_from_choices
from localareas.lookup import postcode_names
from matching.models import Need
from matching.services.needs import REQUEST_CORE_TASK, need_create, need_withdraw


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())[-8:]


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = " ".join(name.split()).rpartition(" ")
    return (first, last) if first else (last, "")


def _found_citizen(*, phone: str, email: str, task: CoreTask) -> Citizen | None:
    """A citizen of the core task with the same phone number or e-mail, who is then not made twice."""
    match = Q(pk__in=[])
    if phone:
        match |= Q(phone__endswith=_digits(phone))
    if email:
        match |= Q(email__iexact=email)
    return Citizen.objects.filter(match, core_tasks=task).order_by("pk").first()


def need_request_open(
    *, name: str, phone: str, email: str, kind: str, postcode: str, message: str, consent: bool
) -> Need:
    """A request sent without an account: a need to be called back, for the coordinator of its task."""
    task = CoreTask.objects.filter(slug=REQUEST_CORE_TASK[kind]).first() or CoreTask.objects.first()
    with transaction.atomic():
        # A found citizen keeps her record as it is: an anonymous form may not change it.
        citizen = _found_citizen(phone=phone, email=email, task=task)
        if citizen is None:
            first, last = _split_name(name)
            citizen = Citizen(
                first_name=first,
                last_name=last,
                phone=phone,
                email=email,
                postcode=postcode,
                city=postcode_names().get(postcode, ""),
            )
            citizen.full_clean()
            citizen.save()
            citizen.core_tasks.add(task)
            log_action("matching.citizen_created", obj=citizen, actor=None, data={"source": "form"})
        need = need_create(
            actor=None,
            citizen=citizen,
            source=Need.Source.FORM,
            consent=consent,
            kind=kind,
            core_task=task,
            hopes=message,
            postcode=postcode,
            city=postcode_names().get(postcode, ""),
            languages=["da"],
            call_back=True,
        )
    return need


def need_phone_intake(*, actor, core_task: CoreTask, citizen: Citizen | None, data: dict) -> Need:
    """A coordinator takes a phone call: a new citizen (unless one was picked) and her need together."""
    with transaction.atomic():
        if citizen is None:
            citizen = Citizen(
                **{
                    k: data[k]
                    for k in [
                        "first_name",
                        "last_name",
                        "phone",
                        "email",
                        "street",
                        "postcode",
                        "city",
                    ]
                }
            )
            if not citizen.city:
                citizen.city = postcode_names().get(citizen.postcode, "")
            citizen.full_clean()
            citizen.save()
            log_action(
                "matching.citizen_created", obj=citizen, actor=actor, data={"source": "phone"}
            )
        citizen.core_tasks.add(core_task)
        return need_create(
            actor=actor,
            citizen=citizen,
            source=Need.Source.PHONE,
            consent=data["consent"],
            kind=data["kind"],
            core_task=core_task,
            hopes=data.get("hopes", ""),
            availability=slots_from_choices(data.get("times") or []),
            languages=list(data.get("languages") or ["da"]),
        )


def need_withdraw_own(*, need: Need, actor) -> Need:
    """The citizen takes back her own request."""
    if need.citizen.user_id != actor.pk:
        raise ValidationError(_("Du kan kun trække dine egne ønsker tilbage."))
    return need_withdraw(need=need, actor=actor, reason=_("Borgeren trak selv ønsket tilbage."))
