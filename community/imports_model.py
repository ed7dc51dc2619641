"""An import job: an administrator's uploaded file, imported by a background task after the preview."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One applied import (facilities or local areas). The row holds what was asked and how it
    ended; while the task works, its stage and count live in the cache (`community/imports.py`),
    since the import's own transaction hides anything it writes here from the polling page."""

    class Kind(models.TextChoices):
        FACILITIES = "facilities", _("Faciliteter")
        LOCAL_AREAS = "local_areas", _("Lokalområder")

    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("I gang")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlet")

    class Stage(models.TextChoices):
        READING = "reading", _("Læser filen")
        MATCHING = "matching", _("Sammenligner med det gemte")
        SAVING = "saving", _("Gemmer")

    ACTIVE = (State.QUEUED, State.RUNNING)
    STAGES = {
        Kind.FACILITIES: [Stage.READING, Stage.MATCHING, Stage.SAVING],
        Kind.LOCAL_AREAS: [Stage.READING, Stage.SAVING],
    }

    kind = models.CharField(_("art"), max_length=20, choices=Kind)
    file_name = models.CharField(_("fil"), max_length=255)
    # The staged copy under MEDIA_ROOT, deleted when the job ends.
    staged_path = models.CharField(max_length=500)
    options = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State, default=State.QUEUED)
    # The stage a failed job stopped at; a running job's stage is in the cache.
    stage = models.CharField(_("trin"), max_length=10, choices=Stage, blank=True)
    counts = models.JSONField(_("antal"), default=dict, blank=True)
    error = models.TextField(_("fejl"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("startet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("startet"), default=timezone.now)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}: {self.file_name}"

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE
