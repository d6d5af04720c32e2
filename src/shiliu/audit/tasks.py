"""Scheduled work of the audit trail, on Django's task framework (database backend)."""

from __future__ import annotations

from django_tasks import task

from shiliu.audit.services import audit_seal


@task()
def seal_trail() -> int:
    """Chain the rows appended since the last pass (`audit_seal`); how many were sealed."""
    return audit_seal()
