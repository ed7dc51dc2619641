"""Needs, providers that are not volunteers (association activities), matching runs, proposals, matches, follow-ups."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Room
from community.models import Association, Citizen, CoreTask, Located
from community.weekly import WEEKDAY_CHOICES
from volunteers.models import Volunteer


class NeedKind(models.TextChoices):
    VISITING_FRIEND = "visiting_friend", _("Besøgsven")
    MEAL_BUDDY = "meal_buddy", _("Spiseven")
    SHARED_MEAL = "shared_meal", _("Plads ved fællesspisning")
    MENTOR = "mentor", _("Mentor eller støttekontaktperson")
    ROOM = "room", _("Lokale til en gruppe")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Hver uge")
    FORTNIGHTLY = "fortnightly", _("Hver anden uge")
    MONTHLY = "monthly", _("En gang om måneden")


def validate_availability(value) -> None:
    """Weekly availability: a list of {"day": 0-6, "start": "HH:MM", "end": "HH:MM"} with start before end."""
    if not isinstance(value, list):
        raise ValidationError(_("Tiderne skal være en liste."))
    for slot in value:
        try:
            day = int(slot["day"])
            start, end = str(slot["start"]), str(slot["end"])
            sh, sm = (int(x) for x in start.split(":"))
            eh, em = (int(x) for x in end.split(":"))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(_("En tid mangler dag, start eller slut.")) from exc
        if not (0 <= day <= 6 and 0 <= sh * 60 + sm < eh * 60 + em <= 24 * 60):
            raise ValidationError(_("En tid skal have en dag og slutte efter den starter."))


class ScoreWeights(models.Model):
    """How much each score component counts for one kind of need; administrators set these."""

    kind = models.CharField(_("behov"), max_length=20, choices=NeedKind.choices, unique=True)
    distance = models.FloatField(_("afstand"), default=1.0, validators=[MinValueValidator(0)])
    interests = models.FloatField(_("interesser"), default=1.0, validators=[MinValueValidator(0)])
    availability = models.FloatField(
        _("fælles tid"), default=1.0, validators=[MinValueValidator(0)]
    )
    language = models.FloatField(_("sprog"), default=0.5, validators=[MinValueValidator(0)])
    preferences = models.FloatField(_("ønsker"), default=0.5, validators=[MinValueValidator(0)])
    continuity = models.FloatField(
        _("kender hinanden"), default=0.5, validators=[MinValueValidator(0)]
    )

    COMPONENTS = ["distance", "interests", "availability", "language", "preferences", "continuity"]

    class Meta:
        ordering = ["kind"]
        verbose_name = _("vægtning af match")
        verbose_name_plural = _("vægtninger af match")

    def __str__(self):
        return str(self.get_kind_display())

    def clean(self):
        if not any(getattr(self, c) > 0 for c in self.COMPONENTS):
            raise ValidationError(_("Mindst én vægt skal være større end nul."))

    def as_dict(self) -> dict[str, float]:
        return {c: float(getattr(self, c)) for c in self.COMPONENTS}


class Activity(Located):
    """An association's recurring activity with seats, e.g. a shared meal on Thursdays for 20 people."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("forening"),
        on_delete=models.CASCADE,
        related_name="matching_activities",
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(
        _("slags"),
        max_length=20,
        choices=[(NeedKind.SHARED_MEAL, NeedKind.SHARED_MEAL.label), ("other", _("Andet"))],
        default=NeedKind.SHARED_MEAL,
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    weekday = models.PositiveSmallIntegerField(_("ugedag"), choices=WEEKDAY_CHOICES)
    start = models.TimeField(_("starter"))
    end = models.TimeField(_("slutter"))
    seats = models.PositiveSmallIntegerField(_("pladser"), default=10)
    step_free = models.BooleanField(_("uden trin (kørestolsegnet)"), default=False)
    languages = models.JSONField(_("sprog"), default=list, blank=True)
    room = models.ForeignKey(
        Room, verbose_name=_("lokale"), null=True, blank=True, on_delete=models.SET_NULL
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["association__name", "weekday", "start"]
        verbose_name = _("foreningsaktivitet")
        verbose_name_plural = _("foreningsaktiviteter")
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="activity_time"),
        ]

    def __str__(self):
        return f"{self.title} ({self.association.name})"

    def clean(self):
        if self.start and self.end and self.start >= self.end:
            raise ValidationError({"end": _("Aktiviteten skal slutte efter den starter.")})


class Need(Located):
    """What a citizen hopes for: company, a meal, a mentor or a room for a group."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Ønske fra borger, afventer gennemsyn")
        OPEN = "open", _("Åben")
        PROPOSED = "proposed", _("Forslag venter")
        MATCHED = "matched", _("Matchet")
        CLOSED = "closed", _("Afsluttet")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    class Source(models.TextChoices):
        TALK = "talk", _("Oprettet efter samtale")
        CITIZEN = "citizen", _("Borgerens egen anmodning")
        FORM = "form", _("Borgerens anmodning uden konto")
        PHONE = "phone", _("Telefonopkald til koordinatoren")

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("borger"), on_delete=models.CASCADE, related_name="needs"
    )
    kind = models.CharField(_("hvad ønskes"), max_length=20, choices=NeedKind.choices)
    core_task = models.ForeignKey(
        CoreTask, verbose_name=_("kerneopgave"), on_delete=models.PROTECT, related_name="needs"
    )
    hopes = models.TextField(_("hvad borgeren håber på (egne ord)"), blank=True)
    interests = models.TextField(_("interesser"), blank=True)
    availability = models.JSONField(
        _("ugentlig tid"), default=list, blank=True, validators=[validate_availability]
    )
    languages = models.JSONField(_("sprog"), default=list, blank=True)
    preferred_gender = models.CharField(
        _("ønsket køn"),
        max_length=10,
        blank=True,
        choices=[("female", _("Kvinde")), ("male", _("Mand"))],
    )
    preferred_age_min = models.PositiveSmallIntegerField(
        _("ønsket alder fra"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    preferred_age_max = models.PositiveSmallIntegerField(
        _("ønsket alder til"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    step_free = models.BooleanField(_("skal være uden trin"), default=False)
    for_child = models.BooleanField(_("borgeren er under 15 (kræver børneattest)"), default=False)
    group_size = models.PositiveSmallIntegerField(_("antal personer"), default=1)
    frequency = models.CharField(
        _("hvor tit"), max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    travel_km = models.PositiveSmallIntegerField(
        _("hvor langt borgeren kan komme (km)"), default=10
    )
    consent_at = models.DateTimeField(_("samtykke givet"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    source = models.CharField(_("kilde"), max_length=10, choices=Source.choices)
    unmatched_reason = models.CharField(_("ikke matchet fordi"), max_length=20, blank=True)
    # A request sent without an account: nobody has talked to the citizen yet.
    call_back = models.BooleanField(_("skal ringes op"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("behov")
        verbose_name_plural = _("behov")
        indexes = [models.Index(fields=["core_task", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_age_min__isnull=True)
                | Q(preferred_age_max__isnull=True)
                | Q(preferred_age_min__lte=models.F("preferred_age_max")),
                name="need_age_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def clean(self):
        if (
            self.preferred_age_min is not None
            and self.preferred_age_max is not None
            and self.preferred_age_min > self.preferred_age_max
        ):
            raise ValidationError({"preferred_age_max": _("Alderen 'til' skal være over 'fra'.")})
        if self.status != self.Status.REQUESTED and not self.consent_at:
            raise ValidationError(_("Borgeren skal give samtykke, før vi leder efter et match."))


class UnmatchedReason(models.TextChoices):
    NOBODY_IN_REACH = "nobody_in_reach", _("Ingen inden for rækkevidde")
    NO_COMMON_TIME = "no_common_time", _("Ingen fælles tid")
    NO_LANGUAGE = "no_language", _("Intet fælles sprog")
    REQUIREMENTS = "requirements", _("Ingen opfylder kravene (børneattest, uden trin)")
    NO_PROVIDER = "no_provider", _("Ingen frivillige eller tilbud af den slags")
    TAKEN = "taken", _("Kandidaterne var optaget af andre match")
    ALL_REJECTED = "all_rejected", _("Alle kandidater er afvist før")


class MatchRun(models.Model):
    """One run of the assignment for a core task, an area or the whole municipality.

    A run is queued by the coordinator's click and made by a background task, which writes its state
    and stage here as it goes; the run's page polls them.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("I gang")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlet")

    class Stage(models.TextChoices):
        READING = "reading", _("Læser behov og frivillige")
        CANDIDATES = "candidates", _("Finder kandidater")
        SCORING = "scoring", _("Giver point")
        SOLVING = "solving", _("Finder den bedste fordeling")
        SAVING = "saving", _("Gemmer forslagene")

    ACTIVE = (State.QUEUED, State.RUNNING)
    # The page's progress poll (poll_ms): this often for the run's first seconds, then calmly.
    POLL_FAST_MS, POLL_FAST_FOR_S, POLL_SLOW_MS = 200, 30, 1000

    core_task = models.ForeignKey(
        CoreTask, verbose_name=_("kerneopgave"), null=True, blank=True, on_delete=models.SET_NULL
    )
    local_area = models.ForeignKey(
        "localareas.LocalArea",
        verbose_name=_("lokalområde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    prefer_more_matches = models.BooleanField(_("match flest mulige"), default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    needs_count = models.PositiveIntegerField(default=0)
    providers_count = models.PositiveIntegerField(default=0)
    candidates_count = models.PositiveIntegerField(default=0)
    proposed_count = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0)
    solve_ms = models.FloatField(default=0)
    total_ms = models.FloatField(default=0)
    state = models.CharField(_("status"), max_length=10, choices=State, default=State.QUEUED)
    stage = models.CharField(_("trin"), max_length=12, choices=Stage, blank=True)
    # What failed, in words for the coordinator; the traceback goes to the log.
    error = models.TextField(_("fejl"), blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The core tasks the run covers (a coordinator with several may run them all at once).
    core_task_ids = models.JSONField(default=list, blank=True)
    # "tasks=1,2 area=7": two active runs of the same scope are refused by the constraint below.
    scope_key = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key"],
                condition=Q(state__in=["queued", "running"]),
                name="matching_one_active_run_per_scope",
            )
        ]
        verbose_name = _("matchkørsel")
        verbose_name_plural = _("matchkørsler")

    def __str__(self):
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE

    def stages(self) -> list[tuple[str, str, str]]:
        """Each stage with its label and "done", "current" or "waiting", for the progress bar."""
        keys = list(self.Stage.values)
        if self.state == self.State.DONE:
            reached = len(keys)
        elif self.stage:
            reached = keys.index(self.stage)
        else:
            reached = -1
        rows = []
        for i, (key, label) in enumerate(self.Stage.choices):
            rows.append(
                (key, label, "done" if i < reached else "current" if i == reached else "waiting")
            )
        return rows

    @property
    def poll_ms(self) -> int:
        """How often the run's page asks how far it has come: often while most runs finish (2,000
        needs take a few seconds), so the result shows within a fifth of a second, then calmly."""
        young = timezone.now() - self.started_at < timedelta(seconds=self.POLL_FAST_FOR_S)
        return self.POLL_FAST_MS if young else self.POLL_SLOW_MS

    def stages_done(self) -> int:
        return sum(1 for _k, _l, status in self.stages() if status == "done")


class ProviderMixin(models.Model):
    """Exactly one provider: a volunteer, an association activity or a room."""

    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def provider(self):
        return self.volunteer or self.activity or self.room

    @property
    def provider_key(self) -> str:
        if self.volunteer_id:
            return f"v{self.volunteer_id}"
        if self.activity_id:
            return f"a{self.activity_id}"
        return f"r{self.room_id}"

    @staticmethod
    def provider_fields(key: str) -> dict:
        prefix, pk = key[0], int(key[1:])
        return {{"v": "volunteer_id", "a": "activity_id", "r": "room_id"}[prefix]: pk}


ONE_PROVIDER = (
    Q(volunteer__isnull=False, activity__isnull=True, room__isnull=True)
    | Q(volunteer__isnull=True, activity__isnull=False, room__isnull=True)
    | Q(volunteer__isnull=True, activity__isnull=True, room__isnull=False)
)


class Proposal(ProviderMixin):
    """A proposed pair from a run (rank 0), or one of the next-best alternatives (rank 1, 2, ...)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på koordinator")
        ALTERNATIVE = "alternative", _("Alternativ")
        ACCEPTED = "accepted", _("Godkendt")
        REJECTED = "rejected", _("Afvist")
        SUPERSEDED = "superseded", _("Erstattet")

    run = models.ForeignKey(
        MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="proposals")
    rank = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField(default=0)
    components = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    distance_m = models.PositiveIntegerField(default=0)
    meeting_room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.JSONField(_("mødested"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("begrundelse"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["need_id", "rank"]
        verbose_name = _("matchforslag")
        verbose_name_plural = _("matchforslag")
        constraints = [models.CheckConstraint(condition=ONE_PROVIDER, name="proposal_one_provider")]
        indexes = [models.Index(fields=["need", "status"])]

    def __str__(self):
        return f"{self.need} ↔ {self.provider}"


class Match(ProviderMixin):
    """An accepted pair: waits for both parties' consent, becomes active, ends with an outcome."""

    class Status(models.TextChoices):
        AWAITING_CONSENT = "awaiting", _("Venter på samtykke")
        ACTIVE = "active", _("Aktiv")
        ENDED = "ended", _("Afsluttet")
        DECLINED = "declined", _("Sagt nej tak")

    class Outcome(models.TextChoices):
        GOAL_REACHED = "goal_reached", _("Målet er nået")
        CONTINUES_ON_OWN = "on_own", _("De fortsætter selv uden kommunen")
        NOT_A_FIT = "not_a_fit", _("Det passede ikke sammen")
        MOVED = "moved", _("Flyttet eller stoppet")
        OTHER = "other", _("Andet")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    proposal = models.OneToOneField(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="match"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.AWAITING_CONSENT,
        db_index=True,
    )
    citizen_consent_at = models.DateTimeField(null=True, blank=True)
    citizen_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provider_consent_at = models.DateTimeField(null=True, blank=True)
    provider_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("udfald"), max_length=14, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("bemærkning"), blank=True)
    local_area = models.ForeignKey(
        "localareas.LocalArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    core_task = models.ForeignKey(CoreTask, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("match")
        verbose_name_plural = _("match")
        constraints = [
            models.CheckConstraint(condition=ONE_PROVIDER, name="match_one_provider"),
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(outcome=""), name="match_ended_has_outcome"
            ),
        ]

    def __str__(self):
        return f"{self.need} ↔ {self.provider}"


class FollowUp(models.Model):
    """A check-in after 2 weeks or 3 months: a reminder goes out, citizen and volunteer answer."""

    class Stage(models.TextChoices):
        TWO_WEEKS = "2w", _("Efter 2 uger")
        THREE_MONTHS = "3m", _("Efter 3 måneder")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="follow_ups")
    stage = models.CharField(max_length=2, choices=Stage.choices)
    due_on = models.DateField(db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        constraints = [
            models.UniqueConstraint(fields=["match", "stage"], name="follow_up_once_per_stage")
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.match}"


class FollowUpAnswer(models.Model):
    """A few short progress questions, answered once by each party."""

    class Party(models.TextChoices):
        CITIZEN = "citizen", _("Borger")
        PROVIDER = "provider", _("Frivillig")

    class Met(models.TextChoices):
        NOT_YET = "0", _("Vi har ikke mødtes endnu")
        ONCE = "1", _("En gang")
        FEW = "2-3", _("2-3 gange")
        MANY = "4+", _("4 gange eller mere")

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="answers")
    party = models.CharField(max_length=10, choices=Party.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    met = models.CharField(_("hvor mange gange har I mødtes?"), max_length=3, choices=Met.choices)
    going_well = models.PositiveSmallIntegerField(
        _("hvor godt går det? (1 = dårligt, 5 = rigtig godt)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    wants_to_continue = models.BooleanField(_("vil du gerne fortsætte?"))
    comment = models.TextField(_("vil du fortælle mere? (frivilligt)"), blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("svar på opfølgning")
        verbose_name_plural = _("svar på opfølgninger")
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "party"], name="follow_up_answer_once")
        ]

    def __str__(self):
        return f"{self.get_party_display()}: {self.follow_up}"
