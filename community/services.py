"""Writes of the platform core: associations, accounts, and citizens' erasure and retention."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import access
from community.access.associations import may_act_for
from community.audit import erase_expired, forget_citizen_name, log_action, log_citizens_shown
from community.exports import person_columns
from community.messaging.services import outbox_forget_citizen
from community.models import Association, Citizen, Role


class ActionRefused(Exception):
    """A change that breaks a rule; the message is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- associations ---


def association_register(
    *,
    user,
    name: str,
    cvr: str = "",
    purpose: str = "",
    email: str = "",
    postcode: str = "",
    works_with_children: bool = False,
    core_tasks=(),
) -> Association:
    """A new association awaiting the municipality's approval; the user becomes its representative."""
    association = Association(
        name=name,
        cvr=cvr,
        purpose=purpose,
        email=email,
        postcode=postcode,
        works_with_children=works_with_children,
        status=Association.Status.PENDING,
    )
    association.full_clean()
    with transaction.atomic():
        association.save()
        association.core_tasks.set(core_tasks)
        Role.objects.create(user=user, kind=Role.Kind.ASSOCIATION_REP, association=association)
        log_action("association.registered", obj=association, actor=user)
    access.forget_roles(user)
    return association


def association_decide(*, association: Association, decided_by, approve: bool) -> Association:
    if not access.is_admin(decided_by):
        raise ActionRefused(_("Kun administratorer kan godkende foreninger."))
    association.status = Association.Status.APPROVED if approve else Association.Status.REJECTED
    association.approved_at = timezone.now() if approve else None
    association.save(update_fields=["status", "approved_at"])
    log_action(
        "association.approved" if approve else "association.rejected",
        obj=association,
        actor=decided_by,
    )
    return association


def association_add_representative(*, association: Association, email: str, added_by):
    """Another person with a profile here becomes a representative of the association."""
    from community.models import User

    if not may_act_for(added_by, association):
        raise ActionRefused(_("Du er ikke repræsentant for %(name)s.") % {"name": association.name})
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ActionRefused(
            _("Der er ingen profil med e-mailen %(email)s. Bed personen oprette en profil først.")
            % {"email": email}
        )
    role, created = Role.objects.get_or_create(
        user=user, kind=Role.Kind.ASSOCIATION_REP, association=association
    )
    if created:
        log_action(
            "association.representative_added",
            obj=association,
            actor=added_by,
            data={"user_id": user.pk},
        )
    return role


def association_declare_child_certificates(*, association: Association, declared_by) -> Association:
    """The representative declares that everyone working with children has a current child certificate."""
    if not may_act_for(declared_by, association):
        raise ActionRefused(_("Du er ikke repræsentant for %(name)s.") % {"name": association.name})
    association.works_with_children = True
    association.child_certificate_declared_on = timezone.localdate()
    association.save(update_fields=["works_with_children", "child_certificate_declared_on"])
    log_action("association.certificates_declared", obj=association, actor=declared_by)
    return association


def association_rotate_feed_token(*, association: Association, rotated_by) -> Association:
    """A new calendar address for the association (its feed carries door codes); the old one stops."""
    from community.models import new_feed_token

    if not may_act_for(rotated_by, association):
        raise ActionRefused(_("Du er ikke repræsentant for %(name)s.") % {"name": association.name})
    association.feed_token = new_feed_token()
    association.save(update_fields=["feed_token"])
    log_action("association.feed_rotated", actor=rotated_by, obj=association)
    return association


# --- accounts ---


def account_create(*, email: str, password: str, first_name: str, last_name: str):
    """A new person's account with an unconfirmed e-mail address (allauth mails the link)."""
    from allauth.account.models import EmailAddress

    from community.models import User

    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    log_action("account.created", obj=user, actor=user)
    return user


# --- citizens ---


def citizen_erase(*, citizen: Citizen, actor, reason: str) -> None:
    """Erase a citizen's record on request, with their needs, matches and follow-ups; audited with the reason.

    The person's user account, if any, stays: it may be a volunteer's or an association's too.
    """
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
        log_action(
            "citizen.erased",
            obj=citizen,
            actor=actor,
            purpose="citizen_request",
            data={"reason": reason},
        )
        _forget(citizen)
        citizen.delete()


def citizens_erase_expired(*, today: date, actor=None) -> int:
    """Erase citizens whose retention period has run out; one audit entry per erased record."""
    return erase_expired(
        Citizen.objects.filter(retain_until__lt=today),
        action="citizen.erased",
        actor=actor,
        forget=_forget,
    )


def _forget(citizen) -> None:
    forget_citizen_name(citizen)
    outbox_forget_citizen(citizen)


# --- exports ---


def citizens_export(*, actor, citizens) -> tuple[list[str], list[list]]:
    """The header and rows of a CSV of these citizens, like the volunteer export; each row read is audited."""
    rows = list(citizens.select_related("local_area").prefetch_related("core_tasks").order_by("pk"))
    log_citizens_shown(rows, actor=actor, purpose="export", action="citizen.exported")
    header = [
        *person_columns(),
        _("Adresse"),
        _("Lokalområde"),
        _("Kerneopgaver"),
    ]
    return header, [
        [
            c.pk,
            c.first_name,
            c.last_name,
            c.email,
            c.phone,
            c.address,
            c.local_area.name if c.local_area else "",
            ", ".join(t.name for t in c.core_tasks.all()),
        ]
        for c in rows
    ]
