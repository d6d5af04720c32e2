"""What the audit trail records from events other apps announce."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.dispatch import receiver
from django.http import HttpRequest

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.core.signals import admin_changed


@receiver(admin_changed, dispatch_uid="audit-admin-changed")
def record_admin_change(
    sender: type[Model], *, request: HttpRequest, obj: Model, action: str, detail: dict[str, Any],
    **kwargs: Any,
) -> None:
    audit_record(actor=request.user, action=AuditAction(action), target=obj, request=request, detail=detail)
