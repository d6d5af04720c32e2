"""The one scheduler beside the task worker: every periodic task is queued when due, at its own
period across restarts, never piled up behind a slow worker, and every task it names exists and
runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from shiliu.core.schedule import due, queue, seconds_to_next

pytestmark = pytest.mark.django_db

SEAL = "shiliu.audit.tasks.seal_trail"
SWEEP = "shiliu.service_requests.tasks.sweep_deadlines"
EVERY = {SEAL: 5, SWEEP: 600}
START = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.get_current_timezone())


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def queue_due(seconds: float) -> list[str]:
    ready = due(EVERY, at(seconds))
    for path in ready:
        queue(path, at(seconds))
    return ready


def test_every_task_is_due_at_first_then_each_at_its_own_period() -> None:
    assert queue_due(0) == [SEAL, SWEEP]
    assert queue_due(4.9) == []
    assert seconds_to_next(EVERY, at(4.9)) == pytest.approx(0.1)
    assert queue_due(5) == [SEAL]
    assert queue_due(600) == [SEAL, SWEEP]


def test_a_restarted_scheduler_keeps_the_rhythm_instead_of_running_everything_again() -> None:
    queue_due(0)
    # a restart ten seconds later (the times live in the database, not in the process)
    assert due(EVERY, at(10)) == [SEAL]  # the sealing is due again, the sweep is not
    assert seconds_to_next({SWEEP: 600}, at(10)) == pytest.approx(590)


def test_a_task_still_waiting_is_not_queued_again() -> None:
    assert queue(SEAL, at(0)) is True
    assert queue(SEAL, at(5)) is False  # the worker has not started the first: one copy is enough
    DBTaskResult.objects.ready().get().claim("worker")
    assert queue(SEAL, at(10)) is True  # once it runs, the next one queues
    assert DBTaskResult.objects.filter(task_path=SEAL).count() == 2


def test_every_scheduled_task_exists_and_the_worker_runs_each_without_failing(
    city: Any, run_tasks: Any
) -> None:
    call_command("schedule", "--once", verbosity=0)
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == set(settings.SHILIU_SCHEDULE)
    run_tasks()
    failed = list(DBTaskResult.objects.exclude(status="SUCCESSFUL").values_list("task_path", "traceback"))
    assert failed == []
    # and run again at once, nothing is due (but the sealing, if its 5 s have passed meanwhile)
    call_command("schedule", "--once", verbosity=0)
    assert DBTaskResult.objects.exclude(task_path=SEAL).count() == len(settings.SHILIU_SCHEDULE) - 1
