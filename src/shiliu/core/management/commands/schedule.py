"""`manage.py schedule`: queue the periodic tasks (settings.SHILIU_SCHEDULE) for the task worker
(`manage.py db_worker`) as they fall due, until stopped; `--once` queues those due now and stops."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from shiliu.core.schedule import due, queue, seconds_to_next

# Checked at least this often, so that a task added to the schedule, or one whose last run was
# reset, is seen without a restart.
LONGEST_SLEEP = 60.0


class Command(BaseCommand):
    help = "Queue the periodic tasks (audit sealing, figures, deadline sweep, …) as they fall due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Queue the tasks due now and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        every = settings.SHILIU_SCHEDULE
        for path, seconds in every.items():
            self.stdout.write(f"schedule: {path} every {seconds:g} s")
        while True:  # stopped by the operator (or --once)
            now = timezone.now()
            for path in due(every, now):
                if queue(path, now) and options["verbosity"] > 1:
                    self.stdout.write(f"schedule: queued {path}")
            if options["once"]:
                return
            # at least a second: a task that could not be queued is tried again, not spun on
            time.sleep(min(LONGEST_SLEEP, max(1.0, seconds_to_next(every, timezone.now()))))
