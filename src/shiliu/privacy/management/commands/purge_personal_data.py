"""`manage.py purge_personal_data`: remove personal data past its retention period now, with
progress; `--dry-run` only counts; `--policy` prints the policy; `--every N` enqueues the purge
every N seconds for the task worker (`manage.py db_worker`) to run."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from shiliu.privacy import retention
from shiliu.privacy.services import personal_data_purge
from shiliu.privacy.tasks import purge_personal_data


class Command(BaseCommand):
    help = "Remove personal data whose retention period is over."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be removed.")
        parser.add_argument("--policy", action="store_true", help="Print the retention policy and stop.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")
        parser.add_argument("--every", type=int, default=0, help="Enqueue the purge every N seconds.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["policy"]:
            for rule in retention.rules():
                self.stdout.write(f"{rule.kind}: {rule.days} days — {rule.description}")
            return
        if options["every"]:
            while True:  # pragma: no cover - a scheduler loop, stopped by the operator
                queued = purge_personal_data.enqueue()
                self.stdout.write(f"enqueued purge {queued.id}")
                time.sleep(options["every"])
        bars: dict[str, tqdm[Any]] = {}

        def progress(kind: str, done: int, total: int) -> None:
            if options["no_progress"]:
                return
            bar = bars.get(kind)
            if bar is None:
                bar = bars[kind] = tqdm(total=total, desc=kind, file=self.stderr)
            bar.update(done - bar.n)
            if done == total:
                bar.close()

        counts = personal_data_purge(dry_run=options["dry_run"], on_progress=progress)
        verb = "would remove" if options["dry_run"] else "removed"
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {verb} {count} (kept {retention.rule_for(kind).days} days)")
