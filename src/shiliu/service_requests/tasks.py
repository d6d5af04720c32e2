"""Scheduled work, on Django's task framework (the django-tasks backport, database backend)."""

from __future__ import annotations

from django_tasks import task

from shiliu.service_requests.services import service_request_sweep_deadlines


@task()
def sweep_deadlines() -> dict[str, int]:
    result = service_request_sweep_deadlines()
    return {"reminded": len(result.reminded), "supervised": len(result.supervised)}


@task()
def sweep_uploads() -> dict[str, int]:
    from shiliu.service_requests.services import uploads_sweep

    return uploads_sweep()
