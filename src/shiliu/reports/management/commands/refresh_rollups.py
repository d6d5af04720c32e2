"""`manage.py refresh_rollups`: bring the figures' daily tallies up to date now (--full: rebuild
every day); with --every N, enqueue the refresh every N seconds for the task worker
(`manage.py db_worker`), as `sla_sweep --every` does. Five minutes (300) keeps closed days at
most that stale."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from shiliu.reports import rollups
from shiliu.reports.tasks import refresh_figure_rollups


class Command(BaseCommand):
    help = "Refresh the figures' daily tallies (closed days touched since the last refresh)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Rebuild every day.")
        parser.add_argument("--every", type=int, default=0,
                            help="Enqueue the refresh every N seconds.")

    def handle(self, *args: Any, **options: Any) -> None:
        every = options["every"]
        if not every:
            started = time.monotonic()
            bars: dict[str, tqdm[Any]] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in bars:  # one bar per stage: the days, then the months they close
                    for bar in bars.values():
                        bar.close()
                    bars[stage] = tqdm(desc=f"refresh_rollups {stage}", total=total,
                                       unit=stage[:-1], file=sys.stderr, dynamic_ncols=True,
                                       disable=options["verbosity"] < 1)
                bars[stage].update(done - bars[stage].n)

            try:
                result = rollups.refresh(full=options["full"], progress=progress)
            finally:
                for bar in bars.values():
                    bar.close()
            self.stdout.write(f"refresh_rollups: {result.days} day(s), {result.rows} row(s) in "
                              f"{time.monotonic() - started:.1f} s; stored through "
                              f"{result.built_through}.")
            return
        while True:  # pragma: no cover - a scheduler loop, stopped by the operator
            queued = refresh_figure_rollups.enqueue()
            self.stdout.write(f"enqueued refresh {queued.id}")
            time.sleep(every)
