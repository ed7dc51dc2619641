"""Room bookings: single and series bookings, the occupancy rows that make double booking impossible,
closed periods, doors with their door codes and access events, and the waitlist.

Times are stored in UTC and shown in Europe/Copenhagen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ClosedPeriod(models.Model):
    """Days a building or a single room cannot be booked (holidays, renovation)."""

    building = models.ForeignKey(
        "community.Building",
        verbose_name=_("bygning"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closed_periods",
    )
    room = models.ForeignKey(
        "community.Room",
        verbose_name=_("lokale"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closed_periods",
    )
    starts_on = models.DateField(_("fra og med"))
    ends_on = models.DateField(_("til og med"))
    reason = models.CharField(_("årsag"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("lukkeperiode")
        verbose_name_plural = _("lukkeperioder")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closed_period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(building__isnull=False) | Q(room__isnull=False),
                name="closed_period_has_place",
            ),
        ]

    def __str__(self):
        return f"{self.room or self.building}: {self.starts_on}–{self.ends_on}"


class BookingSeries(models.Model):
    """A weekly booking for a season: the same weekday and local time every week."""

    room = models.ForeignKey(
        "community.Room", verbose_name=_("lokale"), on_delete=models.CASCADE, related_name="series"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="booking_series"
    )
    association = models.ForeignKey(
        "community.Association",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="booking_series",
    )
    title = models.CharField(_("aktivitet"), max_length=200, blank=True)
    weekday = models.PositiveSmallIntegerField(_("ugedag"))
    start_time = models.TimeField(_("fra kl."))
    end_time = models.TimeField(_("til kl."))
    first_date = models.DateField(_("første dag"))
    last_date = models.DateField(_("sidste dag"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("fast booking")
        verbose_name_plural = _("faste bookinger")

    def __str__(self):
        return f"{self.room}: {self.title or self.first_date}"


class Booking(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Afventer godkendelse")
        CONFIRMED = "confirmed", _("Bekræftet")
        REJECTED = "rejected", _("Afvist")
        CANCELLED = "cancelled", _("Aflyst")

    room = models.ForeignKey(
        "community.Room",
        verbose_name=_("lokale"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booket af"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    association = models.ForeignKey(
        "community.Association",
        verbose_name=_("forening"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    series = models.ForeignKey(
        BookingSeries, null=True, blank=True, on_delete=models.CASCADE, related_name="bookings"
    )
    title = models.CharField(_("aktivitet"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starter"), db_index=True)
    ends_at = models.DateTimeField(_("slutter"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    price_dkk = models.DecimalField(_("pris (kr.)"), max_digits=9, decimal_places=2, default=0)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["room", "starts_at"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.room}: {local:%d.%m.%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.CONFIRMED}

    @property
    def live_door_code(self):
        """The door code to show: only a confirmed booking's, and never a revoked one."""
        code = getattr(self, "door_code", None)
        if self.status != self.Status.CONFIRMED or code is None or code.revoked_at is not None:
            return None
        return code


class BookingSlot(models.Model):
    """The time a confirmed booking blocks in one room unit (the booking's room, or each part of it,
    plus the room's buffer). On PostgreSQL an exclusion constraint forbids two overlapping rows of
    the same unit; the booking service checks the same rule under a row lock on every database.
    """

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    unit = models.ForeignKey("community.Room", on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["unit", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_slot_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.unit_id}: {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M} UTC"


class Door(models.Model):
    """A lock-enabled door. The lock authenticates with its own secret; only its hash is stored."""

    room = models.ForeignKey(
        "community.Room", verbose_name=_("lokale"), on_delete=models.CASCADE, related_name="doors"
    )
    name = models.CharField(_("navn"), max_length=100)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["room", "name"]
        verbose_name = _("dør")
        verbose_name_plural = _("døre")

    def __str__(self):
        return f"{self.room}: {self.name}"


class DoorCode(models.Model):
    """The code of a confirmed booking of a lock-enabled room."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="door_code")
    code = models.CharField(_("dørkode"), max_length=8, db_index=True)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dørkode")
        verbose_name_plural = _("dørkoder")

    def __str__(self):
        return f"{self.booking}: ******"

    def is_valid_at(self, moment) -> bool:
        return self.revoked_at is None and self.valid_from <= moment <= self.valid_until


class AccessEvent(models.Model):
    """One attempt at a door: granted or not, and which booking it belonged to."""

    door = models.ForeignKey(Door, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    granted = models.BooleanField()
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="access_events"
    )
    reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("adgangshændelse")
        verbose_name_plural = _("adgangshændelser")

    def __str__(self):
        return f"{self.door}: {self.at:%Y-%m-%d %H:%M} {'ok' if self.granted else self.reason}"


class WaitlistEntry(models.Model):
    """Someone waiting for a taken slot; offered the slot when it is cancelled."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("På venteliste")
        OFFERED = "offered", _("Tilbudt")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    room = models.ForeignKey(
        "community.Room",
        verbose_name=_("lokale"),
        on_delete=models.CASCADE,
        related_name="waitlist",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    association = models.ForeignKey(
        "community.Association", null=True, blank=True, on_delete=models.CASCADE
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    offered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("venteliste-plads")
        verbose_name_plural = _("venteliste")

    def __str__(self):
        return f"{self.room}: {self.user} {self.starts_at:%Y-%m-%d %H:%M}"
