"""The one scheduler beside the task worker: every periodic task is queued when due, never piled
up behind a slow worker, and every task it names exists and runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from shiliu.core.schedule import Schedule, queue

SEAL = "shiliu.audit.tasks.seal_trail"
SWEEP = "shiliu.service_requests.tasks.sweep_deadlines"


def test_every_task_is_due_at_the_start_then_each_at_its_own_period() -> None:
    schedule = Schedule({SEAL: 5, SWEEP: 600})
    assert schedule.due(1000.0) == [SEAL, SWEEP]
    assert schedule.due(1004.9) == []
    assert schedule.wait(1004.9) == pytest.approx(0.1)
    assert schedule.due(1005.0) == [SEAL]
    assert schedule.due(1600.0) == [SEAL, SWEEP]


def test_a_long_pause_queues_a_task_once_not_once_per_missed_period() -> None:
    schedule = Schedule({SEAL: 5})
    schedule.due(0.0)
    assert schedule.due(62.0) == [SEAL]  # twelve periods missed: one run catches up
    assert schedule.due(64.0) == [] and schedule.due(65.0) == [SEAL]  # and the grid is kept


@pytest.mark.django_db
def test_a_task_still_waiting_is_not_queued_again() -> None:
    assert queue(SEAL) is True
    assert queue(SEAL) is False  # the worker has not started the first: one copy is enough
    DBTaskResult.objects.ready().get().claim("worker")
    assert queue(SEAL) is True  # once it runs, the next one queues
    assert DBTaskResult.objects.filter(task_path=SEAL).count() == 2


@pytest.mark.django_db
def test_every_scheduled_task_exists_and_the_worker_runs_each_without_failing(
    city: Any, run_tasks: Any
) -> None:
    call_command("schedule", "--once", verbosity=0)
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == set(settings.SHILIU_SCHEDULE)
    run_tasks()
    failed = list(DBTaskResult.objects.exclude(status="SUCCESSFUL").values_list("task_path", "traceback"))
    assert failed == []
