"""Writes of the volunteer module: sign-up, onboarding, opportunities, applications, hours, preferences."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from community import services as community_services
from community.audit import log_action, log_reads, save_logged
from community.exports import person_columns
from community.models import Role
from volunteers import notify, selectors, waitlist
from volunteers.models import (
    CHILD_CERTIFICATE_WARN_DAYS,
    Application,
    HoursEntry,
    NotificationKind,
    NotificationPreference,
    Opportunity,
    Volunteer,
    VolunteerNote,
    child_certificates_expiring_between,
)

PROFILE_FIELDS = [
    "street",
    "postcode",
    "city",
    "lat",
    "lon",
    "birth_year",
    "gender",
    "activities",
    "interests",
    "skills",
    "languages",
    "age_groups",
    "availability",
    "availability_exceptions",
    "travel_km",
    "travel_mode",
    "capacity",
    "child_certificate_checked_on",
]


def volunteer_sign_up(
    *,
    user=None,
    account: dict | None = None,
    data: dict,
    core_tasks,
    language: str = "da",
    phone: str = "",
) -> Volunteer:
    """Create (or complete) the volunteer profile with consent; status starts at 'applied'.

    A visitor without an account gives `account` (email, password, first_name, last_name) instead
    of `user`: the account and the profile are made together or not at all.
    """
    with transaction.atomic():
        if user is None:
            user = community_services.account_create(**account)
        if phone:
            user.phone = phone
            user.save(update_fields=["phone"])
        volunteer = Volunteer.objects.filter(user=user).first() or Volunteer(user=user)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(volunteer, name, data[name])
        now = timezone.now()
        volunteer.consent_at = now
        volunteer.retain_until = timezone.localdate() + timedelta(
            days=settings.RETENTION["volunteer"]
        )
        volunteer.full_clean(exclude=["user"])
        volunteer.save()
        volunteer.core_tasks.set(core_tasks)
        Role.objects.get_or_create(user=user, kind=Role.Kind.VOLUNTEER)
        user.__dict__.pop("_samskab_roles", None)
        NotificationPreference.objects.get_or_create(
            user=user,
            defaults={"language": language, "kinds": [k.value for k in NotificationKind]},
        )
        log_action(
            "volunteer.signed_up",
            obj=volunteer,
            actor=user,
            data={
                "core_tasks": sorted(t.pk for t in core_tasks),
                "new_account": account is not None,
            },
        )
    return volunteer


def volunteer_update(*, volunteer: Volunteer, data: dict, core_tasks, actor=None) -> Volunteer:
    """The volunteer changes her own profile."""
    moved_away = "postcode" in data and data["postcode"] != volunteer.postcode
    point = (data.get("lat"), data.get("lon"))
    unmoved = point in {(None, None), (volunteer.lat, volunteer.lon)}
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(volunteer, name, data[name])
    if moved_away and unmoved:
        # A new postcode with the old point left as it was: the point follows the new address.
        # A point picked on the map (a new one, or the saved one on the same postcode) is kept.
        volunteer.lat = volunteer.lon = None
    volunteer.full_clean()
    with transaction.atomic():
        volunteer.save()
        volunteer.core_tasks.set(core_tasks)
        log_action(
            "volunteer.updated",
            obj=volunteer,
            actor=actor or volunteer.user,
            data={"fields": sorted(n for n in PROFILE_FIELDS if n in data)},
        )
    return volunteer


def volunteer_set_status(*, volunteer: Volunteer, status: str, actor) -> Volunteer:
    """Move a volunteer one allowed step of her onboarding (Volunteer.next_statuses)."""
    if status not in Volunteer.Status.values:
        raise ValidationError(_("Ukendt status."))
    if status not in volunteer.next_statuses():
        raise ValidationError(
            _("En frivillig kan ikke gå fra %(from)s til %(to)s.")
            % {
                "from": volunteer.get_status_display(),
                "to": Volunteer.Status(status).label,
            }
        )
    previous = volunteer.status
    volunteer.status = status
    if status == Volunteer.Status.APPROVED and not volunteer.approved_at:
        volunteer.approved_at = timezone.now()
    volunteer.full_clean()
    volunteer.save(update_fields=["status", "approved_at"])
    log_action(
        "volunteer.status", obj=volunteer, actor=actor, data={"from": previous, "to": status}
    )
    notify.notify(
        volunteer.user,
        NotificationKind.STATUS,
        "status_changed",
        # Lazy: the label is written in the volunteer's language, not the coordinator's.
        {"volunteer": volunteer, "status_label": lazy(volunteer.get_status_display, str)()},
    )
    return volunteer


def volunteer_note_add(*, volunteer: Volunteer, author, text: str, remind_on=None) -> VolunteerNote:
    """A coordinator's note on a volunteer, optionally with a day to be reminded."""
    note = VolunteerNote(volunteer=volunteer, author=author, text=text, remind_on=remind_on)
    note.full_clean()
    note.save()
    log_action(
        "volunteer.note_added",
        obj=volunteer,
        actor=author,
        data={"note": note.pk, "remind_on": remind_on.isoformat() if remind_on else None},
    )
    return note


def volunteer_note_done(*, volunteer: Volunteer, note_id: int, actor) -> VolunteerNote:
    """Mark one of this volunteer's notes as done; a note of another volunteer is refused."""
    note = VolunteerNote.objects.filter(volunteer=volunteer, pk=note_id).first()
    if note is None:
        raise ValidationError(_("Noten findes ikke."))
    note.done = True
    note.save(update_fields=["done"])
    log_action("volunteer.note_done", obj=volunteer, actor=actor, data={"note": note.pk})
    return note


def opportunity_create(*, created_by, data: dict) -> Opportunity:
    opportunity = Opportunity(created_by=created_by, **data)
    return save_logged(opportunity, "opportunity.created", actor=created_by)


def opportunity_update(*, opportunity: Opportunity, data: dict, actor) -> Opportunity:
    """Save changes to an opportunity; there may never be fewer places than volunteers holding one."""
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        taken = locked.applications.filter(status__in=Application.TAKES_PLACE).count()
        if data.get("places") is not None and data["places"] < taken:
            raise ValidationError(
                {
                    "places": _(
                        "%(n)s frivillige har allerede en plads eller venter på svar. Der skal være "
                        "mindst så mange pladser."
                    )
                    % {"n": taken}
                }
            )
        for name, value in data.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["created_by"])  # may be empty on opportunities made in the admin
        locked.save()
        log_action("opportunity.updated", obj=locked, actor=actor)
    waitlist.waitlist_offer_next(opportunity_id=locked.pk, actor=actor)  # more places, maybe
    return locked


def opportunity_close(*, opportunity: Opportunity, actor) -> int:
    """Close an opportunity: no new applications; those still waiting are told it closed. Returns how
    many waiting applications were closed."""
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if locked.status == Opportunity.Status.CLOSED:
            return 0
        locked.status = Opportunity.Status.CLOSED
        locked.save(update_fields=["status"])
        waiting = list(
            locked.applications.filter(status=Application.Status.PENDING)
            .select_related("volunteer__user")
            .order_by("pk")
        )
        now = timezone.now()
        for application in waiting:
            application.status = Application.Status.REJECTED
            application.decided_by = actor
            application.decided_at = now
            application.save(update_fields=["status", "decided_by", "decided_at"])
        log_action(
            "opportunity.closed",
            obj=locked,
            actor=actor,
            data={"waiting": len(waiting), "applications_rejected": [a.pk for a in waiting]},
        )
    for application in waiting:
        notify.notify(
            application.volunteer.user,
            NotificationKind.APPLICATION,
            "opportunity_closed",
            {"application": application, "opportunity": locked},
        )
    return len(waiting)


def application_create(
    *, opportunity_id: int, volunteer: Volunteer, message: str = ""
) -> Application:
    """Apply for a place. The opportunity row is locked while places are counted, so the limit holds
    when many apply at the same moment."""
    today = timezone.localdate()
    try:
        with transaction.atomic():
            opportunity = Opportunity.objects.select_for_update().get(pk=opportunity_id)
            opportunity.check_open_to(volunteer)
            if opportunity.requires_child_certificate and not volunteer.child_certificate_valid_on(
                today
            ):
                raise ValidationError(
                    _("Opgaven kræver en gyldig børneattest. Kontakt din koordinator.")
                )
            if opportunity.min_age and volunteer.birth_year:
                if today.year - volunteer.birth_year < opportunity.min_age:
                    raise ValidationError(
                        _("Opgaven kræver, at du er mindst %(age)s år.")
                        % {"age": opportunity.min_age}
                    )
            if Application.objects.filter(opportunity=opportunity, volunteer=volunteer).exists():
                raise ValidationError(_("Du har allerede søgt denne opgave."))
            if not waitlist.places_free(opportunity):
                raise ValidationError(_("Der er ikke flere ledige pladser."))
            application = save_logged(
                Application(opportunity=opportunity, volunteer=volunteer, message=message),
                "application.created",
                actor=volunteer.user,
                data={"opportunity": opportunity.pk},
            )
    except IntegrityError as exc:
        raise ValidationError(_("Du har allerede søgt denne opgave.")) from exc
    recipient = opportunity.created_by
    if recipient:
        notify.notify(
            recipient,
            NotificationKind.NEW_APPLICATION,
            "new_application",
            {"application": application, "opportunity": opportunity},
        )
    return application


def application_decide(*, application: Application, approve: bool, actor) -> Application:
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("Ansøgningen er allerede besvaret."))
    application.status = Application.Status.APPROVED if approve else Application.Status.REJECTED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    volunteer = application.volunteer
    activated = approve and volunteer.status == Volunteer.Status.APPROVED
    if activated:
        volunteer.status = Volunteer.Status.ACTIVE
        volunteer.save(update_fields=["status"])
    log_action(
        "application.approved" if approve else "application.rejected",
        obj=application,
        actor=actor,
        data={"opportunity": application.opportunity_id, "volunteer_activated": activated},
    )
    context = {"application": application, "opportunity": application.opportunity}
    if approve:
        context["confirm_url"] = notify.action_url(
            action="confirm_application", user_id=volunteer.user_id, object_id=application.pk
        )
    notify.notify(volunteer.user, NotificationKind.APPLICATION, "application_decided", context)
    if not approve:
        waitlist.waitlist_offer_next(opportunity_id=application.opportunity_id, actor=actor)
    return application


def application_withdraw(*, application: Application, actor=None) -> Application:
    if application.status not in Application.TAKES_PLACE:
        raise ValidationError(_("Ansøgningen er allerede afsluttet."))
    previous = application.status
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    log_action(
        "application.withdrawn",
        obj=application,
        actor=actor or application.volunteer.user,
        data={"from": previous},
    )
    waitlist.waitlist_offer_next(opportunity_id=application.opportunity_id, actor=actor)
    return application


def application_confirm(*, application: Application) -> Application:
    """The volunteer confirms an approved place (from the mailed one-click link)."""
    if application.status != Application.Status.APPROVED:
        raise ValidationError(_("Kun en godkendt plads kan bekræftes."))
    if not application.confirmed_at:
        application.confirmed_at = timezone.now()
        application.save(update_fields=["confirmed_at"])
        log_action("application.confirmed", obj=application, actor=application.volunteer.user)
    return application


def hours_log(
    *,
    volunteer: Volunteer,
    worked_on,
    duration_min: int,
    core_task,
    opportunity=None,
    description="",
) -> HoursEntry:
    if worked_on > timezone.localdate():
        raise ValidationError(
            {"worked_on": _("Du kan ikke skrive timer for en dag, der ikke er kommet.")}
        )
    if opportunity is not None:
        core_task = opportunity.core_task
    entry = HoursEntry(
        volunteer=volunteer,
        opportunity=opportunity,
        core_task=core_task,
        local_area_id=(opportunity.local_area_id if opportunity else None)
        or volunteer.local_area_id,
        worked_on=worked_on,
        duration_min=duration_min,
        description=description,
    )
    return save_logged(
        entry,
        "hours.logged",
        actor=volunteer.user,
        data={"duration_min": duration_min, "worked_on": worked_on.isoformat()},
    )


def hours_decide_bulk(*, entries, approve: bool, actor, reason: str = "") -> int:
    """Approve or reject many pending entries at once; a rejection needs a reason, which the
    volunteers are mailed. One audit line for the batch."""
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(
            {"reason": _("Skriv hvorfor timerne afvises. Den frivillige får begrundelsen.")}
        )
    now = timezone.now()
    status = HoursEntry.Status.APPROVED if approve else HoursEntry.Status.REJECTED
    with transaction.atomic():
        pending = entries.filter(status=HoursEntry.Status.PENDING)
        ids = list(pending.values_list("pk", flat=True))
        count = HoursEntry.objects.filter(pk__in=ids).update(
            status=status,
            decided_by=actor,
            decided_at=now,
            rejection_reason="" if approve else reason,
        )
        data = {"status": status, "ids": ids, "count": count}
        log_action(
            "hours.decide", actor=actor, data=data if approve else {**data, "reason": reason}
        )
    selectors.forget_figures()  # update() sends no signals
    per_volunteer: dict[int, list[HoursEntry]] = {}
    for entry in HoursEntry.objects.filter(pk__in=ids).select_related("volunteer__user"):
        per_volunteer.setdefault(entry.volunteer_id, []).append(entry)
    for entries_of_one in per_volunteer.values():
        notify.notify(
            entries_of_one[0].volunteer.user,
            NotificationKind.HOURS,
            "hours_decided",
            {
                "entries": entries_of_one,
                "approved": approve,
                "minutes": sum(e.duration_min for e in entries_of_one),
                "reason": reason,
            },
        )
    return count


HOURS_CORRECTABLE = ["worked_on", "duration_min", "description"]


def hours_correct(
    *, entry: HoursEntry, actor, worked_on, duration_min: int, description: str, reason: str
):
    """A coordinator corrects a volunteer's entry with a reason; the audit keeps the old and the new
    values, and the volunteer is mailed both with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Skriv hvorfor du retter registreringen. Den frivillige får begrundelsen."
                )
            }
        )
    if worked_on > timezone.localdate():
        raise ValidationError(
            {"worked_on": _("Du kan ikke skrive timer for en dag, der ikke er kommet.")}
        )
    before = {name: getattr(entry, name) for name in HOURS_CORRECTABLE}
    entry.worked_on, entry.duration_min, entry.description = worked_on, duration_min, description
    after = {name: getattr(entry, name) for name in HOURS_CORRECTABLE}
    changed = [name for name in HOURS_CORRECTABLE if before[name] != after[name]]
    if not changed:
        return entry

    def plain(values):
        return {n: v.isoformat() if hasattr(v, "isoformat") else v for n, v in values.items()}

    entry = save_logged(
        entry,
        "hours.corrected",
        actor=actor,
        data={
            "fields": changed,
            "from": plain({n: before[n] for n in changed}),
            "to": plain({n: after[n] for n in changed}),
            "reason": reason,
        },
    )
    notify.notify(
        entry.volunteer.user,
        NotificationKind.HOURS,
        "hours_corrected",
        {"before": before, "entry": entry, "reason": reason},
    )
    return entry


def preference_update(*, user, language: str, kinds: list[str]) -> NotificationPreference:
    pref, _created = NotificationPreference.objects.get_or_create(user=user)
    pref.language = language
    pref.kinds = [k for k in kinds if k in NotificationKind.values]
    return save_logged(
        pref,
        "preference.updated",
        actor=user,
        data={"language": pref.language, "kinds": pref.kinds},
    )


def preference_unsubscribe(*, user, kind: str) -> NotificationPreference:
    pref = notify.preference_for(user)
    pref.kinds = [k for k in pref.kinds if k != kind]
    pref.save()
    log_action("preference.unsubscribed", obj=pref, actor=user, data={"kind": kind})
    return pref


def certificate_reminders(*, today=None, warn_days: int = CHILD_CERTIFICATE_WARN_DAYS) -> int:
    """Mail the coordinators of each volunteer whose child certificate runs out within warn_days."""
    from community.models import User

    today = today or timezone.localdate()
    expiring = list(
        Volunteer.objects.filter(
            **child_certificates_expiring_between(today, today + timedelta(days=warn_days))
        ).prefetch_related("core_tasks")
    )
    by_task: dict[int, list[Volunteer]] = {}
    for v in expiring:
        for t in v.core_tasks.all():
            by_task.setdefault(t.pk, []).append(v)
    sent = 0
    for user in User.objects.filter(roles__kind=Role.Kind.COORDINATOR).distinct():
        tasks = {r.core_task_id for r in user.roles.filter(kind=Role.Kind.COORDINATOR)}
        mine = {v.pk: v for t in tasks for v in by_task.get(t, [])}
        if mine:
            sent += notify.notify(
                user,
                NotificationKind.REMINDER,
                "certificates_expiring",
                {"volunteers": list(mine.values()), "url": reverse("volunteers:volunteer-list")},
            )
    return sent


def volunteers_export(*, actor, volunteers, core_task=None) -> tuple[list[str], list[list]]:
    """The header and rows of a CSV of these volunteers; every row read is audited, and the export."""
    rows = list(
        volunteers.select_related("user", "local_area")
        .order_by("pk")
        .prefetch_related("core_tasks")
    )
    log_reads(rows, actor=actor, purpose="export", action="volunteer.export")
    log_action(
        "volunteer.export",
        actor=actor,
        data={"rows": len(rows), "core_task": core_task.pk if core_task else ""},
    )
    header = [
        *person_columns(),
        _("Status"),
        _("Lokalområde"),
        _("Kerneopgaver"),
        _("Vil gerne"),
        _("Sprog"),
        _("Børneattest tjekket"),
    ]
    return header, [
        [
            v.pk,
            v.user.first_name,
            v.user.last_name,
            v.user.email,
            v.user.phone,
            v.get_status_display(),
            v.local_area.name if v.local_area else "",
            ", ".join(t.name for t in v.core_tasks.all()),
            ", ".join(v.labels("activities")),
            ", ".join(v.labels("languages")),
            date_format(v.child_certificate_checked_on, "SHORT_DATE_FORMAT")
            if v.child_certificate_checked_on
            else "",
        ]
        for v in rows
    ]
