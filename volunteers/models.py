from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import CoreTask, Located


class Activity(models.TextChoices):
    """What a volunteer would like to do, in plain words."""

    VISITING_FRIEND = "visiting_friend", _("Besøgsven")
    MEAL_BUDDY = "meal_buddy", _("Spiseven")
    MENTOR = "mentor", _("Mentor")
    SUPPORT_CONTACT = "support_contact", _("Støttekontaktperson")
    DRIVER = "driver", _("Chauffør")
    OUTDOOR_UPKEEP = "outdoor_upkeep", _("Pasning af natur og udeanlæg")
    EVENTS = "events", _("Hjælp til arrangementer")
    READING_CLUB = "reading_club", _("Læseklub")
    HOMEWORK = "homework", _("Lektiehjælp")


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Børn under 15")
    YOUTH = "youth", _("Unge 15-25")
    ADULTS = "adults", _("Voksne")
    SENIORS = "seniors", _("Ældre")


class TravelMode(models.TextChoices):
    WALK = "walk", _("Til fods")
    BIKE = "bike", _("Cykel")
    CAR = "car", _("Bil")
    PUBLIC = "public", _("Bus og tog")


LANGUAGE_CHOICES = [
    ("da", _("Dansk")),
    ("en", _("Engelsk")),
    ("de", _("Tysk")),
    ("ar", _("Arabisk")),
    ("uk", _("Ukrainsk")),
    ("pl", _("Polsk")),
    ("so", _("Somali")),
    ("tr", _("Tyrkisk")),
]


class Volunteer(Located):
    """A volunteer's profile. Weekly availability is a list of {"day": 0-6, "start": "HH:MM", "end": "HH:MM"}."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Har søgt")
        TALK = "talk", _("Samtale aftalt")
        APPROVED = "approved", _("Godkendt")
        ACTIVE = "active", _("Aktiv")
        PAUSED = "paused", _("På pause")
        ENDED = "ended", _("Stoppet")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    gender = models.CharField(
        _("køn"),
        max_length=10,
        blank=True,
        choices=[("female", _("Kvinde")), ("male", _("Mand")), ("other", _("Andet"))],
    )
    core_tasks = models.ManyToManyField(
        CoreTask, verbose_name=_("kerneopgaver"), blank=True, related_name="volunteers"
    )
    activities = models.JSONField(_("vil gerne"), default=list, blank=True)
    interests = models.TextField(_("interesser"), blank=True)
    skills = models.TextField(_("kompetencer"), blank=True)
    languages = models.JSONField(_("sprog"), default=list, blank=True)
    age_groups = models.JSONField(_("aldersgrupper"), default=list, blank=True)
    availability = models.JSONField(_("ugentlig tid"), default=list, blank=True)
    travel_km = models.PositiveSmallIntegerField(_("hvor langt vil du rejse (km)"), default=5)
    travel_mode = models.CharField(
        _("transport"), max_length=10, choices=TravelMode.choices, default=TravelMode.CAR
    )
    capacity = models.PositiveSmallIntegerField(_("hvor mange personer ad gangen"), default=1)
    child_certificate_checked_on = models.DateField(_("børneattest tjekket"), null=True, blank=True)
    consent_at = models.DateTimeField(_("samtykke givet"), null=True, blank=True)
    retain_until = models.DateField(_("oplysningerne slettes senest"), null=True, blank=True)
    availability_exceptions = models.JSONField(
        _("undtagelser fra ugentlig tid"),
        default=list,
        blank=True,
        help_text='[{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "note": "..."}]',
    )
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("frivillig")
        verbose_name_plural = _("frivillige")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["child_certificate_checked_on"]),
            # Volunteers by area, status and sign-up: the index and the area figures count them from this
            # index alone. (Not a partial index: SQLite cannot use one when the statuses are parameters.)
            models.Index(
                fields=["local_area", "status", "created_at"], name="volunteer_area_status_start"
            ),
        ]

    # The choices of the fields that hold a list of codes (JSON), so every page shows their labels.
    LIST_CHOICES = {
        "activities": Activity.choices,
        "languages": LANGUAGE_CHOICES,
        "age_groups": AgeGroup.choices,
    }

    def __str__(self):
        return str(self.user)

    def labels(self, name: str) -> list[str]:
        """The labels of a list field's codes ("visiting_friend" reads "Besøgsven")."""
        names = dict(self.LIST_CHOICES[name])
        return [str(names.get(code, code)) for code in getattr(self, name) or []]

    def next_statuses(self) -> list[str]:
        """The statuses a coordinator may move this volunteer to from where she is now."""
        return STATUS_STEPS.get(self.status, [])

    def child_certificate_valid_on(self, day) -> bool:
        return child_certificate_valid(self.child_certificate_checked_on, day)

    @property
    def child_certificate_expires_on(self):
        return child_certificate_expiry(self.child_certificate_checked_on)

    def child_certificate_state(self, day) -> str:
        return child_certificate_state(self.child_certificate_checked_on, day)


_S = Volunteer.Status
# The onboarding's allowed steps, the one place that says so: a talk before approval, and anyone may
# stop; one who stopped and comes back starts over as an applicant.
STATUS_STEPS: dict[str, list[str]] = {
    _S.APPLIED: [_S.TALK, _S.ENDED],
    _S.TALK: [_S.APPROVED, _S.ENDED],
    _S.APPROVED: [_S.ACTIVE, _S.PAUSED, _S.ENDED],
    _S.ACTIVE: [_S.PAUSED, _S.ENDED],
    _S.PAUSED: [_S.ACTIVE, _S.ENDED],
    _S.ENDED: [_S.APPLIED],
}


# A child certificate (børneattest) counts for 12 months from the day it was checked.
CHILD_CERTIFICATE_VALID_DAYS = 365
# Coordinators are warned this many days before a certificate runs out (dashboard, page, e-mail).
CHILD_CERTIFICATE_WARN_DAYS = 30


def child_certificate_expiry(checked_on):
    """The last day a certificate checked on this day counts (None when never checked)."""
    return checked_on + timedelta(days=CHILD_CERTIFICATE_VALID_DAYS) if checked_on else None


def child_certificate_valid(checked_on, day) -> bool:
    expires = child_certificate_expiry(checked_on)
    return expires is not None and checked_on <= day <= expires


def child_certificate_state(checked_on, day) -> str:
    """ "missing", "expired", "expiring" (within the warning days) or "valid" on this day."""
    expires = child_certificate_expiry(checked_on)
    if expires is None or day < checked_on:
        return "missing"
    if day > expires:
        return "expired"
    return "expiring" if expires <= day + timedelta(days=CHILD_CERTIFICATE_WARN_DAYS) else "valid"


def child_certificates_expiring_between(first_day, last_day) -> dict:
    """Filter arguments for the volunteers whose certificate runs out between these two days."""
    return {
        "child_certificate_checked_on__gte": first_day
        - timedelta(days=CHILD_CERTIFICATE_VALID_DAYS),
        "child_certificate_checked_on__lte": last_day
        - timedelta(days=CHILD_CERTIFICATE_VALID_DAYS),
    }


# The volunteers an area counts (its page, the list, the report, the index): approved and not stopped.
COUNTED_STATUSES = (Volunteer.Status.APPROVED, Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED)


class NotificationKind(models.TextChoices):
    APPLICATION = "application", _("Svar på mine ansøgninger")
    NEW_APPLICATION = "new_application", _("Nye ansøgninger til mine opgaver")
    STATUS = "status", _("Ændringer i min status som frivillig")
    HOURS = "hours", _("Timer, der er godkendt eller venter på mig")
    REMINDER = "reminder", _("Påmindelser og børneattester, der udløber")


class NotificationPreference(models.Model):
    """Which e-mails a user wants and in which language (every kind is on until turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(
        _("sprog i e-mails"),
        max_length=2,
        choices=[("da", _("Dansk")), ("en", _("Engelsk"))],
        default="da",
    )
    kinds = models.JSONField(_("e-mails jeg vil have"), default=list, blank=True)

    class Meta:
        verbose_name = _("valg af e-mails")
        verbose_name_plural = _("valg af e-mails")

    def __str__(self):
        return str(self.user)


class VolunteerNote(models.Model):
    """A coordinator's note on a volunteer's onboarding, optionally with a reminder date."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    remind_on = models.DateField(_("påmind mig den"), null=True, blank=True)
    done = models.BooleanField(_("klaret"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["remind_on", "done"])]

    def __str__(self):
        return self.text[:60]


class Opportunity(Located):
    """A task volunteers can apply for, posted by a coordinator or an association representative."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("Én gang")
        RECURRING = "recurring", _("Fast, tilbagevendende")

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        CLOSED = "closed", _("Lukket")

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    core_task = models.ForeignKey(
        CoreTask, verbose_name=_("kerneopgave"), on_delete=models.PROTECT, related_name="+"
    )
    association = models.ForeignKey(
        "community.Association",
        verbose_name=_("forening"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="opportunities",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.ONE_OFF)
    activity = models.CharField(_("aktivitet"), max_length=20, choices=Activity.choices, blank=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    recurrence = models.CharField(
        _("hvor tit"), max_length=200, blank=True, help_text=_("F.eks. hver tirsdag kl. 10-12")
    )
    places = models.PositiveSmallIntegerField(_("antal pladser"), default=1)
    requires_child_certificate = models.BooleanField(_("kræver børneattest"), default=False)
    min_age = models.PositiveSmallIntegerField(_("mindstealder"), null=True, blank=True)
    requirements = models.TextField(_("andre krav"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("frivilligopgave")
        verbose_name_plural = _("frivilligopgaver")
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="opportunity_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="opportunity_places"),
        ]

    def check_open_to(self, volunteer) -> None:
        """It takes applications (and names for its waiting list) only while it is open, and only
        from volunteers a coordinator has approved: ValidationError says why not."""
        if self.status != self.Status.OPEN or self.ends_at < timezone.now():
            raise ValidationError(_("Opgaven tager ikke imod ansøgninger."))
        if volunteer.status not in (Volunteer.Status.APPROVED, Volunteer.Status.ACTIVE):
            raise ValidationError(
                _("Du kan søge opgaver, når en koordinator har godkendt dig som frivillig.")
            )

    def __str__(self):
        return self.title


class Application(models.Model):
    """A volunteer's application for an opportunity. Pending and approved ones take a place."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på svar")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="applications"
    )
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(_("besked"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("frivillig har bekræftet"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    TAKES_PLACE = [Status.PENDING, Status.APPROVED]

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "volunteer"], name="one_application_per_opportunity"
            )
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.opportunity}"


class HoursEntry(models.Model):
    """Hours a volunteer logged; a coordinator of the core task approves them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på godkendelse")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opgave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hours",
    )
    core_task = models.ForeignKey(
        CoreTask, verbose_name=_("kerneopgave"), on_delete=models.PROTECT, related_name="+"
    )
    local_area = models.ForeignKey(
        "localareas.LocalArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worked_on = models.DateField(_("dato"))
    duration_min = models.PositiveIntegerField(_("minutter"))
    description = models.CharField(_("hvad lavede du"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(_("begrundelse for afvisning"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-worked_on"]
        # Covers the dashboard's monthly sums: the database reads the index, not the table.
        indexes = [models.Index(fields=["core_task", "status", "worked_on", "duration_min"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_min__gte=1) & models.Q(duration_min__lte=24 * 60),
                name="hours_duration_within_a_day",
            )
        ]

    def __str__(self):
        return f"{self.volunteer} {self.worked_on} {self.duration_min} min"


# How long a volunteer has to take a place offered from the waiting list.
WAITLIST_OFFER_HOURS = 48


class WaitlistEntry(models.Model):
    """A volunteer waiting for a place on a full opportunity; the first waiting is offered a freed place."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("På venteliste")
        OFFERED = "offered", _("Tilbudt en plads")
        ACCEPTED = "accepted", _("Har taget pladsen")
        DECLINED = "declined", _("Sagde nej tak")
        EXPIRED = "expired", _("Svarede ikke i tide")
        LEFT = "left", _("Forlod ventelisten")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="waitlist")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="waitlist")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    offer_expires_at = models.DateTimeField(_("tilbuddet gælder til"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    OPEN = [Status.WAITING, Status.OFFERED]

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("plads på venteliste")
        verbose_name_plural = _("ventelister")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "volunteer"],
                condition=models.Q(status__in=["waiting", "offered"]),
                name="one_open_waitlist_entry",
            )
        ]

    def __str__(self):
        return f"{self.volunteer} ⏳ {self.opportunity}"
