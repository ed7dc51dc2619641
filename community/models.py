import secrets
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """Users log in by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail"), unique=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self):
        return self.get_full_name() or self.email


class Bilingual(models.Model):
    """A record with a Danish and an English name; `name` follows the active language."""

    name_da = models.CharField(_("navn (dansk)"), max_length=120)
    name_en = models.CharField(_("navn (engelsk)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "da").startswith("en") and self.name_en:
            return self.name_en
        return self.name_da


class CoreTask(Bilingual):
    """One of the municipality's four core tasks (kerneopgaver)."""

    slug = models.SlugField(unique=True)
    description_da = models.TextField(_("beskrivelse (dansk)"), blank=True)
    description_en = models.TextField(_("beskrivelse (engelsk)"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("kerneopgave")
        verbose_name_plural = _("kerneopgaver")

    @property
    def description(self) -> str:
        if (get_language() or "da").startswith("en") and self.description_en:
            return self.description_en
        return self.description_da


class Located(models.Model):
    """An address with a point; saving it sets the local area from the point."""

    street = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postnummer"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Et postnummer er fire cifre."))],
    )
    city = models.CharField(_("by"), max_length=100, blank=True)
    lat = models.FloatField(_("breddegrad"), null=True, blank=True)
    lon = models.FloatField(_("længdegrad"), null=True, blank=True)
    local_area = models.ForeignKey(
        "localareas.LocalArea",
        verbose_name=_("lokalområde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(app_label)s_%(class)s_set",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.locate()
        super().save(*args, **kwargs)

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postcode} {self.city}".strip()] if p)

    def locate(self) -> None:
        """Fill in the point from the postcode when missing, then the local area from the point.

        The lookup is the local-areas app's (settings.PLACE_LOOKUP): the core names it, never imports it.
        """
        lookup = import_module(settings.PLACE_LOOKUP)
        if (self.lat is None or self.lon is None) and self.postcode:
            centroid = lookup.postcode_centroid(self.postcode)
            if centroid:
                self.lon, self.lat = centroid
        if self.lat is not None and self.lon is not None:
            self.local_area_id = lookup.area_id_for_point(self.lon, self.lat)


def new_feed_token() -> str:
    """The secret part of a calendar feed's address (an association's or a room's)."""
    return secrets.token_urlsafe(24)


class Association(Located):
    """A forening: books rooms, offers activities, has representatives."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer godkendelse")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")

    name = models.CharField(_("navn"), max_length=200)
    cvr = models.CharField(
        _("CVR-nummer"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Et CVR-nummer er otte cifre."))],
    )
    purpose = models.TextField(_("formål"), blank=True)
    core_tasks = models.ManyToManyField(CoreTask, verbose_name=_("kerneopgaver"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    works_with_children = models.BooleanField(_("arbejder med børn under 15"), default=False)
    child_certificate_declared_on = models.DateField(
        _("børneattest-erklæring afgivet"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    feed_token = models.CharField(max_length=40, default=new_feed_token, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("forening")
        verbose_name_plural = _("foreninger")
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"], condition=~Q(cvr=""), name="association_cvr_unique"
            ),
        ]

    def __str__(self):
        return self.name


class Citizen(Located):
    """A citizen known to a core task. Special-category data: every read is audited."""

    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen",
    )
    core_tasks = models.ManyToManyField(
        CoreTask, verbose_name=_("kerneopgaver"), related_name="citizens"
    )
    notes = models.TextField(_("noter (følsomme oplysninger)"), blank=True)
    retain_until = models.DateField(_("slettes senest"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        if self.retain_until is None:
            # Special-category data never lives without an end date.
            self.retain_until = timezone.localdate() + timedelta(days=settings.RETENTION["citizen"])
        super().save(*args, **kwargs)

    @property
    def age(self) -> int | None:
        if not self.birth_date:
            return None
        today = timezone.localdate()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


class Role(models.Model):
    """A user's role and its scope. One user may hold several."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Borger")
        VOLUNTEER = "volunteer", _("Frivillig")
        ASSOCIATION_REP = "association_rep", _("Foreningsrepræsentant")
        COORDINATOR = "coordinator", _("Frivilligkoordinator")
        AREA_CONTACT = "area_contact", _("Lokalområdekontakt (playmaker)")
        COUNCIL_MEMBER = "council_member", _("Lokalrådsmedlem")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("rolle"), max_length=20, choices=Kind.choices)
    core_task = models.ForeignKey(
        CoreTask, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    local_area = models.ForeignKey(
        "localareas.LocalArea",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    council = models.ForeignKey(
        "localareas.LocalCouncil",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )
    title = models.CharField(
        _("titel"),
        max_length=20,
        blank=True,
        choices=[
            ("formand", _("Formand")),
            ("naestformand", _("Næstformand")),
            ("kasserer", _("Kasserer")),
            ("sekretaer", _("Sekretær")),
            ("medlem", _("Medlem")),
        ],
        help_text=_("Titlen i et lokalråd eller en forening."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.CheckConstraint(
                condition=(
                    (Q(kind="coordinator") & Q(core_task__isnull=False))
                    | (Q(kind="area_contact") & Q(local_area__isnull=False))
                    | (Q(kind="council_member") & Q(council__isnull=False))
                    | (Q(kind="association_rep") & Q(association__isnull=False))
                    | Q(kind__in=["citizen", "volunteer", "admin"])
                ),
                name="role_scope_matches_kind",
            ),
        ]

    def __str__(self):
        scope = self.core_task or self.local_area or self.council or self.association
        return f"{self.user}: {self.get_kind_display()}" + (f" ({scope})" if scope else "")


class AuditEntry(models.Model):
    """Who did what to which object, and who read which citizen's record and why."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=40, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("logpost")
        verbose_name_plural = _("revisionslog")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"


# The municipality singleton lives in its own module; importing it registers the model.
from community.imports_model import ImportRun  # noqa: E402,F401
from community.municipality import Municipality, SchoolHoliday  # noqa: E402,F401
