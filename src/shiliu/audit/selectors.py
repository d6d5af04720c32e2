"""Reading the audit trail: only the auditor's pages call these (core.access)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from shiliu.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive

    def described(self) -> dict[str, Any]:
        """The filters that are set, for the export's own audit event."""
        return {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in asdict(self).items()
            if v
        }


def audit_search(*, filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if filters.actor:
        events = events.filter(actor_label__iexact=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.target_type:
        events = events.filter(target_type=filters.target_type)
    if filters.target_id:
        events = events.filter(target_id=filters.target_id)
    if filters.start:
        events = events.filter(created_at__gte=filters.start)
    if filters.end:
        events = events.filter(created_at__lt=filters.end)
    return events.order_by("-id")
