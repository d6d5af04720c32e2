"""`manage.py audit_seal`: seal the audit rows appended since the last pass into the chain now;
with --every N, enqueue the sealing every N seconds for the task worker (`manage.py db_worker`)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shiliu.audit.services import audit_seal
from shiliu.audit.tasks import seal_trail


class Command(BaseCommand):
    help = "Chain the newly appended audit events (their hashes are set once, in id order)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="Enqueue the sealing every N seconds.")

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        if not every:
            self.stdout.write(f"sealed {audit_seal()} audit event(s)")
            return
        while True:  # pragma: no cover - a scheduler loop, stopped by the operator
            seal_trail.enqueue()
            time.sleep(every)
