"""The municipality that runs the platform: one row, edited in the admin, read by every page; and
its school holidays, edited on the same admin page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from community.caching import cached, namespace_bump

NAMESPACE = "municipality"


class Municipality(models.Model):
    """A singleton (pk 1). Without a row, the settings' MUNICIPALITY_* defaults are used."""

    code = models.CharField(_("kommunekode"), max_length=4, blank=True, help_text=_("F.eks. 0440."))
    name = models.CharField(_("navn"), max_length=100, help_text=_("F.eks. Kerteminde."))
    logo_url = models.CharField(
        _("byvåben eller logo"),
        max_length=300,
        blank=True,
        help_text=_("Adresse på et billede (SVG eller PNG), f.eks. /static/img/byvaaben.svg."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    boundary = models.JSONField(_("afgrænsning (GeoJSON, WGS84)"), null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    center_lat = models.FloatField(_("kortets midte, breddegrad"), null=True, blank=True)
    center_lon = models.FloatField(_("kortets midte, længdegrad"), null=True, blank=True)
    tile_url = models.CharField(
        _("kortfliser (URL)"), max_length=300, blank=True, help_text=_("Tom: platformens standard.")
    )
    tile_attribution = models.CharField(_("kortflisernes kreditering"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommune")

    def __str__(self):
        return self.authority_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        namespace_bump(NAMESPACE)

    @staticmethod
    def extent(bounds: tuple[float, float, float, float]) -> dict:
        """The map's box and centre from the boundary's (west, south, east, north) in WGS84."""
        w, s, e, n = bounds
        return dict(
            min_lon=w,
            min_lat=s,
            max_lon=e,
            max_lat=n,
            center_lat=round((s + n) / 2, 6),
            center_lon=round((w + e) / 2, 6),
        )

    @property
    def authority_name(self) -> str:
        """The name the municipality signs with: "Kerteminde Kommune" ("Kerteminde Municipality")."""
        return gettext("%(name)s Kommune") % {"name": self.name} if self.name else "Samskab"

    @property
    def center(self) -> tuple[float, float]:
        if self.center_lat is not None and self.center_lon is not None:
            return (self.center_lat, self.center_lon)
        return settings.MAP_DEFAULT_CENTER

    @property
    def bounds(self) -> list[list[float]] | None:
        """[[south, west], [north, east]] as Leaflet's fitBounds wants them, or None."""
        if None in (self.min_lat, self.min_lon, self.max_lat, self.max_lon):
            return None
        return [[self.min_lat, self.min_lon], [self.max_lat, self.max_lon]]

    @property
    def tiles(self) -> str:
        return self.tile_url or settings.MAP_TILE_URL

    @property
    def attribution(self) -> str:
        return self.tile_attribution or settings.MAP_TILE_ATTRIBUTION


def _defaults() -> Municipality:
    return Municipality(
        code=settings.MUNICIPALITY_CODE,
        name=settings.MUNICIPALITY_NAME,
        website=settings.MUNICIPALITY_WEBSITE,
        email=settings.MUNICIPALITY_EMAIL,
    )


def current_municipality() -> Municipality:
    """The platform's municipality (kept in the cache until it is saved again)."""
    return cached(
        NAMESPACE,
        ["current"],
        lambda: Municipality.objects.filter(pk=1).first() or _defaults(),
        300,
    )


class SchoolHoliday(models.Model):
    """A school holiday of the municipality (efterårsferie, juleferie ...): weekly booking series
    skip its days when the association chooses so (see community.holidays)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.CASCADE,
        related_name="school_holidays",
    )
    name = models.CharField(_("navn"), max_length=100, help_text=_("F.eks. Efterårsferie."))
    name_en = models.CharField(
        _("navn (engelsk)"), max_length=100, blank=True, help_text=_("F.eks. Autumn half-term.")
    )
    starts_on = models.DateField(_("første feriedag"))
    ends_on = models.DateField(_("sidste feriedag"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("skoleferie")
        verbose_name_plural = _("skoleferier")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="school_holiday_ends_after_start",
                violation_error_message=_("Sidste feriedag skal ligge efter første feriedag."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"

    @property
    def label(self) -> str:
        """The name in the active language (the Danish one when no English name is given)."""
        if (get_language() or "da").startswith("en") and self.name_en:
            return self.name_en
        return self.name
