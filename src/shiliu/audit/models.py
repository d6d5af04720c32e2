"""The audit trail: who did what to which record, when, from where.

Append-only: writers insert a row and nothing else, taking no lock shared with other writers. A
sealing pass (`services.audit_seal`, run by the task worker every few seconds) then chains the new
rows in id order: each gets its place in the chain (`seq`), the previous row's hash and the SHA-256
of its content chained to it, set once. After that, an edited or removed row is detected on both
databases (`services.audit_verify_chain`, which reports the rows not sealed yet). PostgreSQL
refuses with a trigger every UPDATE but that one sealing of an unsealed row, and every DELETE.
Details hold identifiers and field names, never the personal data itself.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    REVEAL = "reveal", _("Reveal personal data")
    READ = "read", _("Read personal data")
    SIGN_IN = "sign_in", _("Sign-in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Sign-out")
    LOCKOUT = "lockout", _("Account locked")
    PERMISSION_CHANGE = "permission_change", _("Permission change")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+", db_constraint=False,
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=24, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(_("object type"), max_length=80, blank=True, db_index=True)
    target_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    # Set once, by the sealing pass: the place in the chain, the previous hash, this row's hash.
    seq = models.PositiveBigIntegerField(null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    sealed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        indexes = [
            # The sealing pass finds the new rows through this (small) index.
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_event_unsealed"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        when = f"{self.created_at:%Y-%m-%d %H:%M:%S}"
        return f"{when} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"

    def content(self) -> dict[str, Any]:
        return {
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "detail": self.detail,
            "ip_address": self.ip_address,
        }

    def detail_text(self) -> str:
        return json.dumps(self.detail, ensure_ascii=False, sort_keys=True)

    def compute_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(f"{self.prev_hash}|{payload}".encode()).hexdigest()


class AuditChainHead(models.Model):
    """One row holding the last sealed hash; the sealing pass locks it, so two passes never fork
    the chain. Writers never touch it."""

    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.last_hash
