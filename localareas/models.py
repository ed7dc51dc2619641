from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Role


class LocalArea(models.Model):
    """A local area (lokalområde): a polygon in WGS84 with a stored bounding box for fast lookups."""

    name = models.CharField(_("navn"), max_length=120)
    slug = models.SlugField(unique=True)
    code = models.CharField(
        _("kode"), max_length=20, blank=True, help_text=_("F.eks. sognekode fra DAGI.")
    )
    geometry = models.JSONField(_("afgrænsning (GeoJSON, WGS84)"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    centroid_lon = models.FloatField()
    centroid_lat = models.FloatField()
    area_km2 = models.FloatField(_("areal (km²)"), default=0)
    population = models.PositiveIntegerField(_("indbyggere"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lokalområde")
        verbose_name_plural = _("lokalområder")

    def __str__(self):
        return self.name


class LocalCouncil(models.Model):
    """A lokalråd: the voice of one or more local areas."""

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(unique=True)
    areas = models.ManyToManyField(
        LocalArea, verbose_name=_("lokalområder"), related_name="councils"
    )
    description = models.TextField(_("om lokalrådet"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lokalråd")
        verbose_name_plural = _("lokalråd")

    def __str__(self):
        return self.name


class CouncilInvitation(models.Model):
    """An invitation to join a council: the person is a member, and shown, only once they accept."""

    council = models.ForeignKey(LocalCouncil, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    title = models.CharField(
        _("titel"), max_length=20, blank=True, choices=Role._meta.get_field("title").choices
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("invitation til lokalråd")
        verbose_name_plural = _("invitationer til lokalråd")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "email"], name="council_invitation_one_per_email"
            )
        ]

    def __str__(self):
        return f"{self.council}: {self.email}"


# The playmakers' workspace lives in its own module; importing it registers the models.
from localareas.models_workspace import (  # noqa: E402,F401
    STALE_AFTER_DAYS,
    AreaResource,
    ContactLogEntry,
    CoordinationMeeting,
    MeetingDecision,
    Project,
    stale_before,
)


class Postcode(models.Model):
    """A postcode of the municipality, to place an address that has no exact point."""

    # Four digits, or a range such as "1000-1499" where central Copenhagen shares one boundary.
    code = models.CharField(_("postnummer"), max_length=9, unique=True)
    name = models.CharField(_("bynavn"), max_length=100)
    geometry = models.JSONField(_("afgrænsning (GeoJSON, WGS84)"))
    lon = models.FloatField()
    lat = models.FloatField()

    class Meta:
        ordering = ["code"]
        verbose_name = _("postnummer")
        verbose_name_plural = _("postnumre")

    def __str__(self):
        return f"{self.code} {self.name}"
