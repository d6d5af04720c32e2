"""The periodic tasks (settings.SHILIU_SCHEDULE: dotted task path → every N seconds), queued for
the task worker by `manage.py schedule`, the one scheduler `make serve` runs beside it. When each
was last queued is kept in the database (`ScheduledRun`), so a restart keeps the rhythm: a task
is due once its period has passed since it was last queued, or when it never was. Core imports
no app: the tasks are named by their paths."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks.base import Task

from shiliu.core.models import ScheduledRun


def _last_queued(every: Mapping[str, float]) -> dict[str, datetime]:
    return dict(ScheduledRun.objects.filter(task_path__in=list(every)).values_list("task_path", "queued_at"))


def due(every: Mapping[str, float], now: datetime) -> list[str]:
    """The tasks of `every` due at `now`."""
    last = _last_queued(every)
    return [path for path, seconds in every.items()
            if path not in last or now - last[path] >= timedelta(seconds=seconds)]


def seconds_to_next(every: Mapping[str, float], now: datetime) -> float:
    """How long until the next task falls due (0: one is due now)."""
    last = _last_queued(every)
    waits = [0.0 if path not in last else (last[path] + timedelta(seconds=seconds) - now).total_seconds()
             for path, seconds in every.items()]
    return max(0.0, min(waits, default=0.0))


def enqueue_unless_waiting(task: Task[Any, Any]) -> bool:
    """Queue `task` (no arguments) unless a run of it is queued and not started yet: that run
    will do the work, and copies must not pile up behind a busy worker; whether it was queued.
    With a task backend other than django-tasks' database one, nothing can be seen waiting:
    it is always queued."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    waiting = (issubclass(import_string(str(settings.TASKS["default"]["BACKEND"])), DatabaseBackend)
               and DBTaskResult.objects.ready().filter(task_path=task.module_path).exists())
    if not waiting:
        task.enqueue()
    return not waiting


def queue(path: str, now: datetime) -> bool:
    """Queue the task at `path` unless a run of it waits (`enqueue_unless_waiting`); whether it
    was. Either way its period starts again at `now`."""
    queued = enqueue_unless_waiting(import_string(path))
    ScheduledRun.objects.update_or_create(task_path=path, defaults={"queued_at": now})
    return queued
