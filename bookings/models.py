"""Municipal buildings and their bookable rooms, and room bookings: single and series bookings, the occupancy rows that make double booking impossible,
closed periods, doors with their door codes and access events, and the waitlist.

Times are stored in UTC and shown in Europe/Copenhagen.

The tables keep their community_ names (db_table): bookings were split out of the community app
without moving any data.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from community.models import Located, new_feed_token


def all_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4, 5, 6]


class Building(Located):
    """A municipal building with bookable rooms."""

    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    accessibility = models.TextField(_("tilgængelighed"), blank=True)
    accessibility_en = models.TextField(
        _("tilgængelighed (engelsk)"),
        blank=True,
        help_text=_("Vises på engelske sider; står feltet tomt, vises den danske tekst."),
    )

    class Meta:
        db_table = "community_building"
        ordering = ["name"]
        verbose_name = _("kommunal bygning")
        verbose_name_plural = _("kommunale bygninger")

    def __str__(self):
        return self.name

    @property
    def accessibility_text(self) -> str:
        """The access note in the page's language (the Danish one when there is no English)."""
        if (get_language() or "da").startswith("en") and self.accessibility_en:
            return self.accessibility_en
        return self.accessibility


class Equipment(models.TextChoices):
    """What a room can have; rooms store the codes, pages show the labels in their language."""

    PROJECTOR = "projektor", _("Projektor")
    WHITEBOARD = "whiteboard", _("Whiteboard")
    KITCHEN = "køkken", _("Køkken")
    SPEAKERS = "højttalere", _("Højttalere")
    TABLES = "borde og stole", _("Borde og stole")
    WIFI = "wifi", _("Trådløst net")


class Room(models.Model):
    """A bookable municipal room with its booking rules (see community.access.bookings)."""

    building = models.ForeignKey(
        Building, verbose_name=_("bygning"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("navn"), max_length=200)
    capacity = models.PositiveIntegerField(_("antal personer"), default=10)
    equipment = models.JSONField(_("udstyr"), default=list, blank=True)
    step_free = models.BooleanField(_("uden trin (kørestolsegnet)"), default=False)
    description = models.TextField(_("beskrivelse"), blank=True)
    photo = models.ImageField(_("foto"), upload_to="rooms/", blank=True)
    opens_at = models.TimeField(_("åbner kl."), default=time(7, 0))
    closes_at = models.TimeField(_("lukker kl."), default=time(22, 0))
    open_weekdays = models.JSONField(
        _("åbne ugedage (0 = mandag)"), default=all_weekdays, blank=True
    )
    bookable_by_associations = models.BooleanField(
        _("kan bookes af godkendte foreninger"), default=True
    )
    bookable_by_citizens = models.BooleanField(_("kan bookes af borgere"), default=False)
    bookable_by_staff = models.BooleanField(_("kan bookes af medarbejdere"), default=True)
    requires_approval = models.BooleanField(_("kræver godkendelse"), default=False)
    max_days_ahead = models.PositiveIntegerField(_("kan bookes op til (dage frem)"), default=365)
    min_duration_min = models.PositiveIntegerField(_("mindste varighed (minutter)"), default=30)
    max_duration_min = models.PositiveIntegerField(_("længste varighed (minutter)"), default=480)
    buffer_min = models.PositiveIntegerField(_("pause efter hver booking (minutter)"), default=0)
    cancel_deadline_hours = models.PositiveIntegerField(
        _("afbestilling senest (timer før)"), default=24
    )
    price_per_hour_dkk = models.DecimalField(
        _("pris pr. time for borgere (kr.)"), max_digits=8, decimal_places=2, default=0
    )
    lock_enabled = models.BooleanField(_("elektronisk dørlås"), default=False)
    parts = models.ManyToManyField(
        "self",
        verbose_name=_("består af lokalerne"),
        symmetrical=False,
        blank=True,
        related_name="wholes",
        db_table="community_room_parts",
        help_text=_(
            "Fx hele hallen består af hal A og hal B: en booking af den ene blokerer den anden."
        ),
    )
    feed_token = models.CharField(max_length=40, default=new_feed_token, editable=False)

    class Meta:
        db_table = "community_room"
        ordering = ["building__name", "name"]
        verbose_name = _("lokale")
        verbose_name_plural = _("lokaler")

    def __str__(self):
        return f"{self.building.name}: {self.name}"

    @property
    def equipment_labels(self) -> list[str]:
        """The equipment in the page's language; a code we do not know is shown as it is."""
        labels = dict(Equipment.choices)
        return [str(labels.get(code, code)) for code in self.equipment or []]

    def head_count_problem(self, head_count: int | None) -> str | None:
        """Why this many people cannot use the room, or None; no head count given is no problem."""
        if head_count and head_count > self.capacity:
            return _(
                "Lokalet har plads til %(capacity)s personer, ikke %(n)s. Vælg et større lokale."
            ) % {
                "capacity": number_format(self.capacity, force_grouping=True),
                "n": number_format(head_count, force_grouping=True),
            }
        return None


class ClosedPeriod(models.Model):
    """Days a building or a single room cannot be booked (holidays, renovation)."""

    building = models.ForeignKey(
        "bookings.Building",
        verbose_name=_("bygning"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closed_periods",
    )
    room = models.ForeignKey(
        "bookings.Room",
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
        db_table = "community_closedperiod"
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
        "bookings.Room", verbose_name=_("lokale"), on_delete=models.CASCADE, related_name="series"
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
    interval_weeks = models.PositiveSmallIntegerField(_("hver n'te uge"), default=1)
    also_weekdays = models.JSONField(_("også disse ugedage"), default=list, blank=True)
    head_count = models.PositiveIntegerField(_("antal personer"), null=True, blank=True)
    skip_school_holidays = models.BooleanField(_("spring skoleferier over"), default=True)
    # The season's dates that were not booked, as [{"day": "2027-03-29", "why": ..., "text": ...}]:
    # why is a holiday key of community.holidays, "taken" or "other" (text is the reason then).
    skipped = models.JSONField(_("datoer sprunget over"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "community_bookingseries"
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
        "bookings.Room",
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
    head_count = models.PositiveIntegerField(_("antal personer"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    price_dkk = models.DecimalField(_("pris (kr.)"), max_digits=9, decimal_places=2, default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # iCal's LAST-MODIFIED and SEQUENCE: a calendar that already holds the event replaces it only
    # when SEQUENCE has gone up, so it counts every change of time or room (see reschedule()).
    modified_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0)
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
        db_table = "community_booking"
        ordering = ["starts_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["room", "starts_at"]),
            # Bookings by status and start, covering the involvement index's count by period and area.
            models.Index(
                fields=["status", "starts_at", "association", "room"], name="booking_status_start"
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.room}: {local:%d.%m.%Y %H:%M}"

    def save(self, *args, **kwargs):
        # A save of a few fields (a decision, a cancellation) is a change calendars must see too;
        # auto_now alone would set modified_at without writing it.
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "modified_at"}
        super().save(*args, **kwargs)

    def reschedule(self, *, starts_at, ends_at, room=None) -> bool:
        """Give the booking a new time (and room); True, and SEQUENCE one up, if that changes it."""
        room = room or self.room
        if (starts_at, ends_at, room.pk) == (self.starts_at, self.ends_at, self.room_id):
            return False
        self.starts_at, self.ends_at, self.room = starts_at, ends_at, room
        self.sequence += 1
        return True

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
    unit = models.ForeignKey("bookings.Room", on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        db_table = "community_bookingslot"
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
        "bookings.Room", verbose_name=_("lokale"), on_delete=models.CASCADE, related_name="doors"
    )
    name = models.CharField(_("navn"), max_length=100)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "community_door"
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
        db_table = "community_doorcode"
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
        db_table = "community_accessevent"
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
        "bookings.Room",
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
        db_table = "community_waitlistentry"
        ordering = ["created_at"]
        verbose_name = _("venteliste-plads")
        verbose_name_plural = _("venteliste")

    def __str__(self):
        return f"{self.room}: {self.user} {self.starts_at:%Y-%m-%d %H:%M}"
