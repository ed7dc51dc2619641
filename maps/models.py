"""Outdoor facilities on layered maps, and the problems citizens report about them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Bilingual
from community.storage import private_storage


def validate_http_url(value: str) -> None:
    from maps.importers.profiles import http_url

    if value and http_url(value) != value:
        raise ValidationError(
            _("Hjemmesiden skal være en adresse, der begynder med http:// eller https://."),
            code="invalid_url",
        )


# The yes/no facts a facility may have; None means "we do not know".
ATTRIBUTE_FIELDS = ["wheelchair", "bookable", "free", "toilets", "drinking_water", "fire_allowed"]


class Layer(Bilingual):
    """One map layer (shelters, fire pits, trails ...): administrators edit these."""

    slug = models.SlugField(unique=True)
    icon = models.CharField(
        _("ikon"),
        max_length=4,
        default="•",
        help_text=_("Et eller to tegn, som vises i kortets markør."),
    )
    colour = models.CharField(
        _("farve"),
        max_length=7,
        default="#0059b3",
        help_text=_("Hex-farve, f.eks. #0059b3. Vælg en mørk farve: teksten i markøren er hvid."),
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    shown_by_default = models.BooleanField(_("vises som standard"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name_da"]
        verbose_name = _("kortlag")
        verbose_name_plural = _("kortlag")


class Facility(models.Model):
    """An outdoor facility: a point, a line (trail) or a polygon (green area), in WGS84."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        CLOSED = "closed", _("Lukket")
        PROBLEM = "problem", _("Problem meldt")

    class Owner(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommunen")
        ASSOCIATION = "association", _("Forening")
        OTHER = "other", _("Andre")

    name = models.CharField(_("navn"), max_length=200)
    layer = models.ForeignKey(
        Layer, verbose_name=_("kortlag"), on_delete=models.PROTECT, related_name="facilities"
    )
    geometry = models.JSONField(_("geometri (GeoJSON, WGS84)"))
    geometry_type = models.CharField(max_length=20, default="Point", editable=False)
    # A point on the facility (the point itself, or one inside the line or polygon) for markers.
    lon = models.FloatField(editable=False, default=0)
    lat = models.FloatField(editable=False, default=0)
    min_lon = models.FloatField(editable=False, default=0, db_index=True)
    min_lat = models.FloatField(editable=False, default=0)
    max_lon = models.FloatField(editable=False, default=0)
    max_lat = models.FloatField(editable=False, default=0)
    description = models.TextField(_("beskrivelse"), blank=True)
    local_area = models.ForeignKey(
        "localareas.LocalArea",
        verbose_name=_("lokalområde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilities",
        editable=False,
    )
    wheelchair = models.BooleanField(_("kørestolsegnet"), null=True, blank=True)
    bookable = models.BooleanField(_("kan bookes"), null=True, blank=True)
    free = models.BooleanField(_("gratis"), null=True, blank=True)
    toilets = models.BooleanField(_("toilet"), null=True, blank=True)
    drinking_water = models.BooleanField(_("drikkevand"), null=True, blank=True)
    fire_allowed = models.BooleanField(_("bål tilladt"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("antal personer"), null=True, blank=True)
    room = models.ForeignKey(
        "bookings.Room",
        verbose_name=_("lokale at booke"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilities",
        help_text=_(
            "Kan stedet bookes som et af kommunens lokaler, fører knappen Book stedet til lokalets side."
        ),
    )
    website = models.URLField(
        _("hjemmeside"), blank=True, max_length=500, validators=[validate_http_url]
    )
    extra = models.JSONField(_("andre oplysninger"), default=dict, blank=True)
    owner_kind = models.CharField(
        _("ejer"), max_length=20, choices=Owner.choices, default=Owner.MUNICIPALITY
    )
    owner_association = models.ForeignKey(
        "community.Association",
        verbose_name=_("ejende forening"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilities",
    )
    owner_name = models.CharField(_("ejerens navn"), max_length=200, blank=True)
    source = models.CharField(_("kilde"), max_length=100, blank=True, db_index=True)
    external_id = models.CharField(_("id i kilden"), max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The map API's feature of this row, encoded when it changes (maps/encoding.py).
    feature_json = models.TextField(blank=True, default="", editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    last_verified = models.DateField(_("sidst kontrolleret"), null=True, blank=True)
    retired_at = models.DateTimeField(
        _("udgået"),
        null=True,
        blank=True,
        help_text=_("Sat, når kilden ikke længere har faciliteten; den vises så ikke på kortet."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("facilitet")
        verbose_name_plural = _("faciliteter")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="facility_source_external_id_unique",
            ),
        ]
        indexes = [models.Index(fields=["min_lat", "max_lat", "max_lon"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from maps.geometry import describe

        info = describe(self.geometry)
        self.geometry_type = info.geometry_type
        self.lon, self.lat = info.point
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = info.bounds
        from localareas.lookup import area_id_for_point

        self.local_area_id = area_id_for_point(self.lon, self.lat)
        from maps.encoding import facility_feature_text

        self.feature_json = facility_feature_text(self)
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        from maps.geometry import GeometryError, describe

        try:
            describe(self.geometry)
        except GeometryError as exc:
            raise ValidationError({"geometry": str(exc)}) from exc

    @property
    def website_url(self) -> str:
        """The website for an href: only http(s), whatever an old row or a bulk write holds."""
        from maps.importers.profiles import http_url

        return http_url(self.website)

    @property
    def booking_url(self) -> str:
        """Where to book a bookable place: its room's page (the week calendar to book from), else its own
        website, else the municipality's room search."""
        if not self.bookable:
            return ""
        from django.urls import reverse

        if self.room_id:
            return reverse("bookings:room-detail", args=[self.room_id])
        return self.website_url or reverse("bookings:room-search")

    @property
    def is_trail(self) -> bool:
        return self.geometry_type in {"LineString", "MultiLineString"}

    @property
    def directions_url(self) -> str:
        return (
            "https://www.openstreetmap.org/directions?route=%3B"
            f"{self.lat:.6f}%2C{self.lon:.6f}#map=15/{self.lat:.6f}/{self.lon:.6f}"
        )

    def features_text(self) -> str:
        """The facts that hold, as one comma-separated line for lists."""
        return ", ".join(
            str(label).capitalize() for label, value in self.attribute_labels() if value
        )

    def attribute_labels(self) -> list[tuple[str, bool]]:
        """(label, yes/no) of the facts we know, for lists and popups."""
        return [
            (self._meta.get_field(f).verbose_name, getattr(self, f))
            for f in ATTRIBUTE_FIELDS
            if getattr(self, f) is not None
        ]


class FacilityPhoto(models.Model):
    """A photo of the place, shown on its page (uploaded in the admin)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to="facilities/")
    alt_text = models.CharField(
        _("hvad viser fotoet?"),
        max_length=200,
        help_text=_('Læses op for dem, der ikke kan se billedet, f.eks. "Shelteret set fra søen".'),
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("foto af facilitet")
        verbose_name_plural = _("fotos af facilitet")

    def __str__(self):
        return self.alt_text


class ProblemReport(models.Model):
    """A citizen's report that something is wrong with a facility (a broken shelter)."""

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        ACKNOWLEDGED = "acknowledged", _("Modtaget")
        FIXED = "fixed", _("Udbedret")

    facility = models.ForeignKey(
        Facility, verbose_name=_("facilitet"), on_delete=models.CASCADE, related_name="problems"
    )
    description = models.TextField(_("hvad er der galt?"), max_length=2000)
    # Random file name, no EXIF (maps/photos.py), private storage: served by maps:problem-photo only.
    photo = models.ImageField(
        _("foto"), upload_to="maps/problems/%Y/%m/", storage=private_storage, blank=True
    )
    reporter_email = models.EmailField(_("din e-mail (frivillig)"), blank=True)
    reporter = models.ForeignKey(
        "community.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The language the report was made in: the mails about it are written in it.
    reporter_language = models.CharField(max_length=2, default="da", editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    fixed_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        "community.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problemmelding")
        verbose_name_plural = _("problemmeldinger")

    def __str__(self):
        return f"{self.facility}: {self.description[:60]}"

    NEXT = {Status.NEW: Status.ACKNOWLEDGED, Status.ACKNOWLEDGED: Status.FIXED}

    @property
    def next_status(self):
        return self.NEXT.get(self.status)
