"""`manage.py sla_sweep`: run the deadline sweep now; with --every N, enqueue it every N seconds
for the task worker (`manage.py db_worker`) to run."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shiliu.service_requests.services import service_request_sweep_deadlines
from shiliu.service_requests.tasks import sweep_deadlines


class Command(BaseCommand):
    help = "Mark overdue requests (督办) and remind those due soon (催办)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="Enqueue the sweep every N seconds.")

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        if not every:
            result = service_request_sweep_deadlines()
            self.stdout.write(
                f"sweep: {len(result.supervised)} supervision notice(s), "
                f"{len(result.reminded)} reminder(s)"
            )
            return
        while True:  # pragma: no cover - a scheduler loop, stopped by the operator
            queued = sweep_deadlines.enqueue()
            self.stdout.write(f"enqueued sweep {queued.id}")
            time.sleep(every)
