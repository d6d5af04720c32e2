"""`manage.py schedule`: queue the periodic tasks (settings.SHILIU_SCHEDULE) for the task worker
(`manage.py db_worker`) as they fall due, until stopped; `--once` queues every one now."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from shiliu.core.schedule import Schedule, queue


class Command(BaseCommand):
    help = "Queue the periodic tasks (audit sealing, figures, deadline sweep, …) as they fall due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Queue every scheduled task now and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        schedule = Schedule(settings.SHILIU_SCHEDULE)
        for path, seconds in schedule.every.items():
            self.stdout.write(f"schedule: {path} every {seconds:g} s")
        while True:
            now = time.monotonic()
            for path in schedule.due(now):
                if queue(path) and options["verbosity"] > 1:
                    self.stdout.write(f"schedule: queued {path}")
            if options["once"]:
                return
            time.sleep(schedule.wait(time.monotonic()))  # pragma: no cover - stopped by the operator
