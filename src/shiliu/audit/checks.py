"""`manage.py check` refuses a retention shorter than the six months the law asks for."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from shiliu.audit.services import RETENTION_FLOOR_DAYS


@register()
def audit_retention_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    days = getattr(settings, "AUDIT_RETENTION_DAYS", None)
    if isinstance(days, int) and days >= RETENTION_FLOOR_DAYS:
        return []
    return [
        Error(
            f"AUDIT_RETENTION_DAYS is {days!r}; the audit trail must be kept at least "
            f"{RETENTION_FLOOR_DAYS} days.",
            hint=f"Set AUDIT_RETENTION_DAYS to {RETENTION_FLOOR_DAYS} or more (default 365).",
            id="shiliu.E101",
        )
    ]
