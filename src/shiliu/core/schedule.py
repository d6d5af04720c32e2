"""The periodic tasks (settings.SHILIU_SCHEDULE: dotted task path → every N seconds), queued for
the task worker by `manage.py schedule`, the one scheduler `make serve` runs beside it. Core
imports no app: the tasks are named by their paths."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string
from django_tasks.base import Task


@dataclass
class Schedule:
    """When each task is due next, in seconds of one monotonic clock. Every task is due at the
    start (a restarted server catches up at once), then every `every` seconds after it was due
    (not after it ran: a slow tick does not drift the others)."""

    every: Mapping[str, float]
    next_due: dict[str, float] = field(default_factory=dict)

    def due(self, now: float) -> list[str]:
        """The tasks due at `now`, each moved to its next time."""
        ready = []
        for path, seconds in self.every.items():
            at = self.next_due.setdefault(path, now)
            if at <= now:
                ready.append(path)
                # skipped ticks (the machine slept) are not made up: one run catches up
                self.next_due[path] = at + seconds * max(1, int((now - at) // seconds) + 1)
        return ready

    def wait(self, now: float) -> float:
        """Seconds until the next task is due."""
        if not self.next_due:
            return 0.0
        return max(0.0, min(self.next_due.values()) - now)


def queue(path: str) -> bool:
    """Queue the task at `path` unless a run of it is queued and not started yet (a worker
    behind, or a refresh longer than its period, must not pile up copies); whether it was."""
    from django_tasks_db.models import DBTaskResult

    task: Task[Any, Any] = import_string(path)
    if DBTaskResult.objects.ready().filter(task_path=task.module_path).exists():
        return False
    task.enqueue()
    return True
