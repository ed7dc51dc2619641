"""Writes of the waiting lists: a volunteer waits for a full opportunity; a freed place is offered by
e-mail to the first waiting, who has WAITLIST_OFFER_HOURS to take it before it goes to the next."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit import log_action, save_logged
from community.site import absolute_url
from volunteers import notify
from volunteers.models import (
    WAITLIST_OFFER_HOURS,
    Application,
    NotificationKind,
    Opportunity,
    Volunteer,
    WaitlistEntry,
)

W = WaitlistEntry.Status


def places_free(opportunity: Opportunity, *, now=None) -> int:
    """Places not taken by an application nor held for a volunteer offered one from the list."""
    now = now or timezone.now()
    taken = opportunity.applications.filter(status__in=Application.TAKES_PLACE).count()
    held = opportunity.waitlist.filter(status=W.OFFERED, offer_expires_at__gt=now).count()
    return max(opportunity.places - taken - held, 0)


def waitlist_join(*, opportunity_id: int, volunteer: Volunteer) -> WaitlistEntry:
    """Join the waiting list of an opportunity that has no free place."""
    try:
        with transaction.atomic():
            opportunity = Opportunity.objects.select_for_update().get(pk=opportunity_id)
            opportunity.check_open_to(volunteer)
            if Application.objects.filter(opportunity=opportunity, volunteer=volunteer).exists():
                raise ValidationError(_("Du har allerede søgt denne opgave."))
            if places_free(opportunity):
                raise ValidationError(_("Der er en ledig plads: søg opgaven i stedet."))
            return save_logged(
                WaitlistEntry(opportunity=opportunity, volunteer=volunteer),
                "waitlist.joined",
                actor=volunteer.user,
                data={"opportunity": opportunity.pk},
            )
    except IntegrityError as exc:
        raise ValidationError(_("Du står allerede på ventelisten.")) from exc


def waitlist_offer_next(*, opportunity_id: int, actor=None) -> int:
    """Let lapsed offers go, then offer each free place to the next volunteer waiting; returns how
    many were offered. Called whenever a place may have freed up."""
    now = timezone.now()
    with transaction.atomic():
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity_id)
        lapsed = list(opportunity.waitlist.filter(status=W.OFFERED, offer_expires_at__lte=now))
        for entry in lapsed:
            entry.status = W.EXPIRED
            entry.save(update_fields=["status"])
            log_action(
                "waitlist.expired", obj=entry, actor=actor, data={"opportunity": opportunity.pk}
            )
        offered = []
        if opportunity.status == Opportunity.Status.OPEN and opportunity.ends_at > now:
            free = places_free(opportunity, now=now)
            for entry in opportunity.waitlist.filter(status=W.WAITING).select_related(
                "volunteer__user"
            )[:free]:
                entry.status = W.OFFERED
                entry.offer_expires_at = now + timedelta(hours=WAITLIST_OFFER_HOURS)
                entry.save(update_fields=["status", "offer_expires_at"])
                log_action(
                    "waitlist.offered",
                    obj=entry,
                    actor=actor,
                    data={
                        "opportunity": opportunity.pk,
                        "until": entry.offer_expires_at.isoformat(),
                    },
                )
                offered.append(entry)

        def send():
            for entry in offered:
                notify.notify(
                    entry.volunteer.user,
                    NotificationKind.APPLICATION,
                    "waitlist_offer",
                    {
                        "entry": entry,
                        "opportunity": opportunity,
                        "url": absolute_url(reverse("volunteers:mine")),
                    },
                )

        transaction.on_commit(send)
    return len(offered)


def _locked_entry(entry: WaitlistEntry) -> WaitlistEntry:
    Opportunity.objects.select_for_update().get(pk=entry.opportunity_id)
    return WaitlistEntry.objects.select_related("opportunity", "volunteer").get(pk=entry.pk)


def waitlist_accept(*, entry: WaitlistEntry) -> Application:
    """The volunteer takes the offered place: it becomes her application, waiting for the coordinator."""
    with transaction.atomic():
        entry = _locked_entry(entry)
        if entry.status != W.OFFERED:
            raise ValidationError(_("Du har ikke fået tilbudt en plads på denne opgave."))
        if entry.offer_expires_at <= timezone.now():
            raise ValidationError(_("Tilbuddet er udløbet, og pladsen er givet videre."))
        entry.status = W.ACCEPTED
        entry.save(update_fields=["status"])
        log_action("waitlist.accepted", obj=entry, actor=entry.volunteer.user)
        application = save_logged(
            Application(opportunity=entry.opportunity, volunteer=entry.volunteer),
            "application.created",
            actor=entry.volunteer.user,
            data={"opportunity": entry.opportunity_id, "from_waitlist": True},
        )
    return application


def waitlist_leave(*, entry: WaitlistEntry) -> WaitlistEntry:
    """The volunteer leaves the list, or says no thanks to a place offered; it goes to the next."""
    with transaction.atomic():
        entry = _locked_entry(entry)
        if entry.status not in WaitlistEntry.OPEN:
            raise ValidationError(_("Du står ikke på ventelisten."))
        was_offered = entry.status == W.OFFERED
        entry.status = W.DECLINED if was_offered else W.LEFT
        entry.save(update_fields=["status"])
        log_action(
            "waitlist.declined" if was_offered else "waitlist.left",
            obj=entry,
            actor=entry.volunteer.user,
        )
    if was_offered:
        waitlist_offer_next(opportunity_id=entry.opportunity_id)
    return entry


def waitlist_lapse_offers() -> int:
    """Pass on every offer whose time ran out (run from cron with the daily reminders)."""
    lapsed = WaitlistEntry.objects.filter(status=W.OFFERED, offer_expires_at__lte=timezone.now())
    ids = set(lapsed.values_list("opportunity_id", flat=True))
    return sum(waitlist_offer_next(opportunity_id=pk) for pk in ids)
