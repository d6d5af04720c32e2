"""Housekeeping of the task queue itself, on the schedule (`manage.py schedule`)."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

# Finished tasks are kept this long (to read what a task did), then deleted: at city load the
# queue's table gains a row per drain, sweep and sealing, tens of thousands a day.
KEEP_FINISHED_DAYS = 2


@task()
def prune_task_results() -> None:
    call_command("prune_db_task_results", queue_name="*", min_age_days=KEEP_FINISHED_DAYS, verbosity=0)
