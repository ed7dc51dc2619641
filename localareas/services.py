from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from community.audit import log_action, save_logged
from community.imports import ImportRefused, import_run_execute, import_run_start
from community.messaging import send_message
from community.models import ImportRun, Role
from community.text import danish_slug
from localareas.importer import ImportProblem, read_areas
from localareas.models import (
    AreaResource,
    ContactLogEntry,
    CoordinationMeeting,
    CouncilInvitation,
    LocalArea,
    MeetingDecision,
    Project,
)


def local_areas_import(
    *,
    path,
    name_field: str | None = None,
    code_field: str | None = None,
    source: str = "",
    inside=None,
    actor=None,
    dry_run: bool = False,
    progress=None,
    on_saving=None,
) -> dict:
    """Import polygons as local areas in one transaction, keyed by code (else slug); returns counts.

    A dry run (the admin's preview) counts what would change and saves nothing. `on_saving()` is
    called once the file is read and `progress(done, total)` as areas are saved (the job's page).
    """
    records = read_areas(path, name_field=name_field, code_field=code_field, inside=inside)
    if on_saving:
        on_saving()
    created = updated = unchanged = 0
    total = len(records)
    with transaction.atomic():
        taken = set(LocalArea.objects.values_list("slug", flat=True))
        for i, record in enumerate(records):
            w, s, e, n = record.bounds
            fields = dict(
                name=record.name,
                code=record.code,
                geometry=record.geometry,
                min_lon=w,
                min_lat=s,
                max_lon=e,
                max_lat=n,
                centroid_lon=record.centroid[0],
                centroid_lat=record.centroid[1],
                area_km2=record.area_km2,
                source=source,
            )
            slug = danish_slug(record.name)
            area = (record.code and LocalArea.objects.filter(code=record.code).first()) or (
                LocalArea.objects.filter(slug=slug, code__in=["", record.code]).first()
            )
            if area is None:
                if slug in taken:
                    # Two parishes of one name (Viby): the code tells them apart.
                    slug = danish_slug(f"{record.name} {record.code}")
                taken.add(slug)
                if not dry_run:
                    LocalArea.objects.create(slug=slug, **fields)
                created += 1
            elif all(getattr(area, k) == v for k, v in fields.items()):
                unchanged += 1
            else:
                if not dry_run:
                    for k, v in fields.items():
                        setattr(area, k, v)
                    area.save()
                updated += 1
            if progress and (i % 10 == 0 or i == total - 1):
                progress(i + 1, total)
        if not dry_run:
            log_action(
                "localareas.imported",
                actor=actor,
                data={
                    "created": created,
                    "updated": updated,
                    "unchanged": unchanged,
                    "source": str(source),
                },
            )
    return {"created": created, "updated": updated, "unchanged": unchanged}


def local_areas_import_queue(
    *, staged, file_name: str, name_field: str = "", code_field: str = "", actor=None
) -> ImportRun:
    """Queue the import of a previewed file of areas; a background task makes it."""
    from localareas.tasks import import_local_areas

    return import_run_start(
        kind=ImportRun.Kind.LOCAL_AREAS,
        staged=staged,
        file_name=file_name,
        options={"name_field": name_field, "code_field": code_field},
        actor=actor,
        task=import_local_areas,
    )


def local_areas_import_run_execute(*, run_id: int) -> ImportRun | None:
    """Make a queued import of local areas; a bad file fails the job and changes nothing."""

    def work(run: ImportRun, path, progress) -> dict:
        try:
            return local_areas_import(
                path=path,
                name_field=run.options.get("name_field") or None,
                code_field=run.options.get("code_field") or None,
                source=run.file_name,
                actor=run.started_by,
                progress=progress.count,
                on_saving=lambda: progress.enter(ImportRun.Stage.SAVING),
            )
        except ImportProblem as exc:
            raise ImportRefused(str(exc)) from exc

    return import_run_execute(run_id=run_id, work=work)


COUNCIL_FIELDS = ["description", "email", "phone", "website"]


def council_update(*, council, description: str, email: str, phone: str, website: str, actor=None):
    """Save a council's public page; the caller has checked the editor may edit this council."""
    council.description = description
    council.email = email
    council.phone = phone
    council.website = website
    council.full_clean()
    with transaction.atomic():
        council.save(update_fields=COUNCIL_FIELDS)
        log_action("council.updated", obj=council, actor=actor, data={"fields": COUNCIL_FIELDS})
    return council


class MembershipError(Exception):
    """A membership change that cannot be made; the message says why, in plain Danish."""


INVITATION_SALT = "localareas.council-invitation"
INVITATION_MAX_AGE = timedelta(days=14)


def invitation_token(invitation: CouncilInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITATION_SALT)


def invitation_for_token(token: str) -> CouncilInvitation | None:
    """The pending invitation a mailed link stands for; None when broken, expired or withdrawn."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        CouncilInvitation.objects.select_related("council")
        .filter(pk=data.get("i"), email=data.get("e"))
        .first()
    )


def _send_invitation(invitation: CouncilInvitation) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "localareas:council-invitation", args=[invitation_token(invitation)]
    )
    context = {
        "council": invitation.council,
        "link": link,
        "days": INVITATION_MAX_AGE.days,
        "inviter": invitation.invited_by,
    }
    send_message("localareas.council_invitation", invitation.email, context)


def council_member_add(*, council, email: str, title: str, actor) -> CouncilInvitation:
    """Invite a person to the council by e-mail. They become a member (and are shown on the public
    page) only when they accept; the answer is the same whether the address has an account or not."""
    from community.models import User

    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if (
        user
        and Role.objects.filter(kind=Role.Kind.COUNCIL_MEMBER, council=council, user=user).exists()
    ):
        # The adder sees the member list with its addresses, so this tells them nothing new.
        raise MembershipError(
            gettext("%(name)s er allerede medlem.") % {"name": user.get_full_name() or user.email}
        )
    with transaction.atomic():
        invitation, _created = CouncilInvitation.objects.update_or_create(
            council=council,
            email=email,
            defaults={"title": title, "invited_by": actor, "sent_at": timezone.now()},
        )
        log_action(
            "council.member_invited",
            obj=council,
            actor=actor,
            data={"email": email, "title": title},
        )
    _send_invitation(invitation)
    return invitation


def council_invitation_withdraw(*, invitation: CouncilInvitation, actor) -> None:
    with transaction.atomic():
        log_action(
            "council.invitation_withdrawn",
            obj=invitation.council,
            actor=actor,
            data={"email": invitation.email},
        )
        invitation.delete()


def council_invitation_accept(*, invitation: CouncilInvitation, user) -> Role:
    """The invited person says yes: from now on they are a member and shown on the area page."""
    if user.email.lower() != invitation.email.lower():
        raise MembershipError(
            gettext("Invitationen er sendt til %(email)s. Log ind med den e-mail for at sige ja.")
            % {"email": invitation.email}
        )
    with transaction.atomic():
        role, _created = Role.objects.get_or_create(
            user=user,
            kind=Role.Kind.COUNCIL_MEMBER,
            council=invitation.council,
            defaults={"title": invitation.title},
        )
        log_action(
            "council.member_added",
            obj=invitation.council,
            actor=user,
            data={"user": user.email, "title": role.title, "invited_by": invitation.invited_by_id},
        )
        invitation.delete()
    return role


def council_member_remove(*, role, actor):
    """Remove a member; a council always keeps at least one member, who can add the others."""
    with transaction.atomic():
        members = Role.objects.select_for_update().filter(
            kind=Role.Kind.COUNCIL_MEMBER, council_id=role.council_id
        )
        if members.count() <= 1:
            raise MembershipError(
                gettext(
                    "Lokalrådet skal have mindst ét medlem. Tilføj et nyt medlem, før du fjerner det sidste."
                )
            )
        log_action(
            "council.member_removed", obj=role.council, actor=actor, data={"user": role.user.email}
        )
        role.delete()


def council_member_set_title(*, role, title: str, actor):
    role.title = title
    role.full_clean()
    role.save(update_fields=["title"])
    log_action(
        "council.member_title",
        obj=role.council,
        actor=actor,
        data={"user": role.user.email, "title": title},
    )
    return role


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _save(obj, fields: dict) -> None:
    """Set the fields a form handed over, validate the whole object, save it."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()


def resource_create(*, area, fields: dict, core_tasks=(), actor, today: date | None = None):
    """Add a resource to an area; what the playmaker writes down now counts as verified today."""
    resource = AreaResource(area=area, verified_at=_today(today), verified_by=actor, **fields)
    with transaction.atomic():
        resource.full_clean()
        resource.save()
        resource.core_tasks.set(core_tasks)
        log_action("localareas.resource_created", obj=resource, actor=actor, data={"area": area.pk})
    return resource


def resource_update(*, resource, fields: dict, core_tasks=(), actor=None):
    """Change a resource's details; verifying them is a separate, deliberate step."""
    with transaction.atomic():
        _save(resource, fields)
        resource.core_tasks.set(core_tasks)
        log_action(
            "localareas.resource_updated",
            obj=resource,
            actor=actor,
            data={"fields": sorted(fields)},
        )
    return resource


def resource_verify(*, resource, actor, today: date | None = None):
    """The playmaker confirms the resource's details are still right (clears the 12-month alert)."""
    resource.verified_at = _today(today)
    resource.verified_by = actor
    with transaction.atomic():
        resource.save(update_fields=["verified_at", "verified_by", "updated_at"])
        log_action("localareas.resource_verified", obj=resource, actor=actor)
    return resource


def contact_log_add(*, area, fields: dict, actor):
    """Write one contact-log entry in an area; a chosen resource must belong to the same area."""
    entry = ContactLogEntry(area=area, created_by=actor, **fields)
    if entry.resource is not None and entry.resource.area_id != area.pk:
        raise ValidationError({"resource": gettext("Ressourcen hører til et andet område.")})
    # Who was spoken with and what was said stay in the log entry, not in the audit log.
    return save_logged(
        entry,
        "localareas.contact_logged",
        actor=actor,
        data={"area": area.pk, "resource": entry.resource_id},
    )


def contact_follow_up_done(*, entry, actor=None):
    """The follow-up the entry asked for has been done."""
    with transaction.atomic():
        entry.follow_up_done = True
        entry.save(update_fields=["follow_up_done"])
        log_action("localareas.contact_followed_up", obj=entry, actor=actor)
    return entry


def project_save(
    *,
    project=None,
    fields: dict,
    areas,
    core_tasks=(),
    partner_resources=(),
    actor,
    allowed_area_ids: set[int] | None,
):
    """Create or change a project. Areas and partners outside the actor's own areas (allowed_area_ids;
    None = all) are kept as they were, so a playmaker never removes a colleague's part of a shared
    project."""
    creating = project is None
    project = project or Project(created_by=actor)
    chosen = {a.pk for a in areas}
    partners = {r.pk for r in partner_resources}
    if not creating and allowed_area_ids is not None:
        chosen |= set(project.areas.exclude(pk__in=allowed_area_ids).values_list("pk", flat=True))
        partners |= set(
            project.partner_resources.exclude(area_id__in=allowed_area_ids).values_list(
                "pk", flat=True
            )
        )
    if not chosen:
        raise ValidationError({"areas": gettext("Vælg mindst ét lokalområde.")})
    with transaction.atomic():
        _save(project, fields)
        project.areas.set(chosen)
        project.core_tasks.set(core_tasks)
        project.partner_resources.set(partners)
        log_action(
            "localareas.project_created" if creating else "localareas.project_updated",
            obj=project,
            actor=actor,
            data={"areas": sorted(chosen), "partner_resources": sorted(partners)},
        )
    return project


def meeting_save(*, meeting=None, fields: dict, attendees=(), decisions: list[dict], actor):
    """Create or change a coordination meeting and replace its decisions with these rows."""
    creating = meeting is None
    meeting = meeting or CoordinationMeeting(created_by=actor)
    with transaction.atomic():
        _save(meeting, fields)
        meeting.attendees.set(attendees)
        meeting.decisions.all().delete()
        for row in decisions:
            decision = MeetingDecision(meeting=meeting, **row)
            decision.full_clean()
            decision.save()
        log_action(
            "localareas.meeting_created" if creating else "localareas.meeting_updated",
            obj=meeting,
            actor=actor,
            data={
                "decisions": len(decisions),
                "attendees": sorted(getattr(a, "pk", a) for a in attendees),
            },
        )
    return meeting


def resource_delete(*, resource, actor):
    """Remove a resource (closed business, a person who asked to be forgotten); its log entries stay."""
    with transaction.atomic():
        log_action(
            "localareas.resource_deleted",
            obj=resource,
            actor=actor,
            data={"area": resource.area_id},
        )
        resource.delete()
