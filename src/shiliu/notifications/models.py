"""What a resident was told about their request, and through which channels it went out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shiliu.core.languages import resident_language_choices
from shiliu.core.models import TimeStampedModel


class Kind(models.TextChoices):
    RECEIVED = "received", _("Request received")
    ANSWERED = "answered", _("Request answered")
    EXTENDED = "extended", _("Deadline extended")
    REOPENED = "reopened", _("Being handled again")
    CLOSED = "closed", _("Request closed")


class Notification(TimeStampedModel):
    """One message to a resident, written in their language when it was sent. It is also the
    in-app copy: shown on the request's tracking page (and, later, in a resident's account)."""

    request = models.ForeignKey(
        "service_requests.ServiceRequest", verbose_name=_("request"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=16, choices=resident_language_choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The outbox: set when the notification is written for the outside channels (those named in
    # `outbox_channels`, every configured one when null), cleared by the task worker in the
    # transaction that records its deliveries (`services.outbox_deliver`).
    in_outbox = models.BooleanField(_("waiting to be sent"), default=False)
    outbox_channels = models.JSONField(_("channels to send through"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The worker reads the waiting ones oldest first: a small index, as they leave it at once.
        indexes = [models.Index(fields=["id"], condition=models.Q(in_outbox=True), name="notification_outbox")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject


class Delivery(TimeStampedModel):
    """One attempt to send a notification through one outside channel, or the reason it was
    withheld (no consent). The address itself is not copied here: it stays where it is protected."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        WITHHELD = "withheld", _("Withheld (no consent)")

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(_("channel"), max_length=24)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.status}"
