"""Hearings and surveys for a local area, and the answers citizens give (one per person)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localareas.models import LocalArea, LocalCouncil


class Hearing(models.Model):
    class Kind(models.TextChoices):
        HEARING = "hearing", _("Høring")
        SURVEY = "survey", _("Spørgeskema")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.HEARING)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(
        _("hvad handler det om"),
        help_text=_(
            "Skriv kort og i et almindeligt sprog, hvad I vil vide, og hvad svarene bruges til."
        ),
    )
    local_area = models.ForeignKey(
        LocalArea, verbose_name=_("lokalområde"), on_delete=models.PROTECT, related_name="hearings"
    )
    council = models.ForeignKey(
        LocalCouncil,
        verbose_name=_("lokalråd"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearings",
    )
    opens_on = models.DateField(_("åbner"))
    closes_on = models.DateField(_("lukker"), help_text=_("Den sidste dag, man kan svare."))
    results_public = models.BooleanField(
        _("resultatet er offentligt"),
        default=True,
        help_text=_("Alle kan se tal og diagrammer. Fritekstsvar ser kun I."),
    )
    decision = models.TextField(
        _("beslutning"),
        blank=True,
        help_text=_(
            "Hvad I har besluttet ud fra svarene. Den vises på høringen, når I offentliggør den, "
            "og dem, der følger høringen, får den på e-mail."
        ),
    )
    results_published_at = models.DateTimeField(
        _("resultatet offentliggjort"), null=True, blank=True
    )
    decision_published_at = models.DateTimeField(
        _("beslutningen offentliggjort"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="hearing_closes_after_it_opens"
            )
        ]
        indexes = [models.Index(fields=["opens_on", "closes_on"])]

    def __str__(self):
        return self.title

    @property
    def questions_locked(self) -> bool:
        """Once anyone has answered, the questions stay as they were answered."""
        return self.pk is not None and self.responses.exists()

    def state(self, today=None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"

    def is_open(self, today=None) -> bool:
        return self.state(today) == "open"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Vælg ét svar")
        MULTIPLE = "multiple", _("Vælg et eller flere svar")
        SCALE = "scale", _("Skala fra 1 til 5")
        TEXT = "text", _("Fritekst")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    text = models.CharField(_("spørgsmål"), max_length=300)
    kind = models.CharField(_("svartype"), max_length=10, choices=Kind.choices)
    options = models.JSONField(_("svarmuligheder"), default=list, blank=True)
    required = models.BooleanField(_("skal besvares"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")

    def __str__(self):
        return self.text


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("Under 18 år")
    AGE_18_29 = "18-29", _("18-29 år")
    AGE_30_49 = "30-49", _("30-49 år")
    AGE_50_64 = "50-64", _("50-64 år")
    AGE_65_PLUS = "65+", _("65 år eller mere")


class Response(models.Model):
    """One person's answer to a hearing. It counts once confirmed: at once when logged in, by a mailed link
    otherwise. Persons are told apart by a keyed hash of their e-mail address; the address is not kept."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="hearing_responses",
    )
    respondent_key = models.CharField(max_length=64, db_index=True)
    age_band = models.CharField(_("alder"), max_length=5, choices=AgeBand.choices, blank=True)
    created_at = models.DateTimeField(_("afgivet"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bekræftet"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("svar på høring")
        verbose_name_plural = _("svar på høringer")
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "respondent_key"],
                condition=Q(confirmed_at__isnull=False),
                name="one_counted_answer_per_person",
            ),
            models.UniqueConstraint(
                fields=["hearing", "user"],
                condition=Q(user__isnull=False),
                name="one_answer_per_user",
            ),
        ]
        indexes = [
            models.Index(fields=["hearing", "confirmed_at"]),
            # The participation figures count answers by month: a range of this index each.
            models.Index(fields=["confirmed_at"], name="hearings_response_confirmed"),
        ]

    def __str__(self):
        return f"{self.hearing}: {self.created_at:%Y-%m-%d}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(_("valgt"), default=list, blank=True)
    number = models.PositiveSmallIntegerField(_("tal"), null=True, blank=True)
    text = models.TextField(_("svar"), blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return str(self.question)


class Follower(models.Model):
    """Someone who answered and asked to hear when the results and the decision are published. The
    address is kept only for that: it goes when they stop following or once the decision is sent.
    It follows while its answer counts (confirmed), and goes with the answer when that is replaced."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="followers")
    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="follower")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("sprog"), max_length=10, default="da")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("følger")
        verbose_name_plural = _("følgere")

    def __str__(self):
        return f"{self.hearing}: {self.pk}"
