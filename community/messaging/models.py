from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community.messaging.kinds import KIND_CHOICES


class Outbox(models.Model):
    """One message to one person: who, what kind, in which language, and whether it went.

    It never holds the message's subject or body: a mail about a match or a need may carry
    special-category data (GDPR art. 9), and the rendered text travels only in the delivery task.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modtager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages_received",
    )
    email = models.EmailField(_("e-mailadresse"))
    kind = models.CharField(_("slags"), max_length=60, choices=KIND_CHOICES)
    language = models.CharField(_("sprog"), max_length=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.CharField(_("seneste fejl"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email}"
