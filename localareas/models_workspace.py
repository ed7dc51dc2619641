"""The playmakers' workspace: what they know about their areas, whom they talked to, their projects
and the coordination meetings across areas."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Knowledge older than this (or never checked) is flagged in the workspace.
STALE_AFTER_DAYS = 365


def stale_before(today: date | None = None) -> date:
    """A resource verified on or before this date needs checking again."""
    return (today or date.today()) - timedelta(days=STALE_AFTER_DAYS)


class AreaResource(models.Model):
    """Someone or something a playmaker can draw on in an area: a person, association, business or venue."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ASSOCIATION = "association", _("Forening")
        BUSINESS = "business", _("Virksomhed")
        VENUE = "venue", _("Sted")

    area = models.ForeignKey(
        "localareas.LocalArea",
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("lokalområde"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(
        _("rolle i området"),
        max_length=200,
        blank=True,
        help_text=_("F.eks. formand for borgerforeningen eller ejer af købmanden."),
    )
    contact_person = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    notes = models.TextField(_("noter"), blank=True)
    core_tasks = models.ManyToManyField(
        "community.CoreTask", blank=True, related_name="+", verbose_name=_("kerneopgaver")
    )
    association = models.ForeignKey(
        "community.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="area_resources",
        verbose_name=_("forening i Samskab"),
        help_text=_("Hvis ressourcen er en forening, der allerede findes i Samskab."),
    )
    verified_at = models.DateField(_("oplysninger bekræftet"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekræftet af"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ressource")
        verbose_name_plural = _("ressourcer")
        indexes = [models.Index(fields=["area", "verified_at"])]

    def __str__(self):
        return self.name

    def needs_verification(self, today: date | None = None) -> bool:
        return self.verified_at is None or self.verified_at <= stale_before(today)


class ContactLogEntry(models.Model):
    """One conversation a playmaker had in an area, with an optional date to follow up."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Møde")
        PHONE = "phone", _("Telefon")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("Besøg")
        OTHER = "other", _("Andet")

    area = models.ForeignKey(
        "localareas.LocalArea",
        on_delete=models.CASCADE,
        related_name="contact_log",
        verbose_name=_("lokalområde"),
    )
    resource = models.ForeignKey(
        AreaResource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("ressource"),
    )
    contacted_on = models.DateField(_("dato"))
    spoke_with = models.CharField(_("talte med"), max_length=200)
    channel = models.CharField(
        _("hvordan"), max_length=20, choices=Channel.choices, default=Channel.MEETING
    )
    summary = models.TextField(_("referat"))
    follow_up_on = models.DateField(_("følg op senest"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("fulgt op"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skrevet af"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("kontaktlog")
        verbose_name_plural = _("kontaktlog")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True)
                | models.Q(follow_up_on__gte=models.F("contacted_on")),
                name="contact_follow_up_not_before_contact",
            )
        ]

    def __str__(self):
        return f"{self.contacted_on}: {self.spoke_with}"

    def clean(self):
        errors = {}
        if self.contacted_on and self.contacted_on > timezone.localdate():
            errors["contacted_on"] = _("Datoen for samtalen kan ikke ligge i fremtiden.")
        if self.contacted_on and self.follow_up_on and self.follow_up_on < self.contacted_on:
            errors["follow_up_on"] = _("Opfølgningen kan ikke ligge før samtalen.")
        if errors:
            raise ValidationError(errors)

    def follow_up_due(self, today: date | None = None) -> bool:
        return (
            self.follow_up_on is not None
            and not self.follow_up_done
            and self.follow_up_on <= (today or date.today())
        )


class Project(models.Model):
    """A local project a playmaker drives with partners; public projects show on the area page."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idé")
        PLANNED = "planned", _("Planlagt")
        RUNNING = "running", _("I gang")
        PAUSED = "paused", _("Sat på pause")
        FINISHED = "finished", _("Afsluttet")

    title = models.CharField(_("titel"), max_length=200)
    areas = models.ManyToManyField(
        "localareas.LocalArea", related_name="projects", verbose_name=_("lokalområder")
    )
    goal = models.TextField(_("mål"), help_text=_("Hvad skal projektet føre til for borgerne?"))
    core_tasks = models.ManyToManyField(
        "community.CoreTask", blank=True, related_name="+", verbose_name=_("kerneopgaver")
    )
    partner_resources = models.ManyToManyField(
        AreaResource, blank=True, related_name="projects", verbose_name=_("partnere")
    )
    partners_other = models.CharField(
        _("andre partnere"),
        max_length=300,
        blank=True,
        help_text=_("Partnere, der ikke står som ressourcer, f.eks. skolen eller Boligselskabet."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    next_step = models.CharField(_("næste skridt"), max_length=300, blank=True)
    next_step_on = models.DateField(_("næste skridt senest"), null=True, blank=True)
    is_public = models.BooleanField(
        _("vis på områdets side"),
        default=False,
        help_text=_("Titel, mål og status kan ses af alle på lokalområdets side."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("projekt")
        verbose_name_plural = _("projekter")

    def __str__(self):
        return self.title


class CoordinationMeeting(models.Model):
    """A meeting across playmakers: agenda, notes and the decisions taken."""

    held_on = models.DateField(_("dato"))
    place = models.CharField(_("sted"), max_length=200)
    agenda = models.TextField(_("dagsorden"))
    notes = models.TextField(_("referat"), blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordination_meetings",
        verbose_name=_("deltagere"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("koordineringsmøde")
        verbose_name_plural = _("koordineringsmøder")

    def __str__(self):
        return f"{self.held_on}: {self.place}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(
        CoordinationMeeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("møde"),
    )
    text = models.CharField(_("beslutning"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    done = models.BooleanField(_("gjort"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")

    def __str__(self):
        return self.text
