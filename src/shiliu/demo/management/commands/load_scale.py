"""`manage.py load_scale --requests N`: add N requests with their events, copied from the
requests already there (run `demo_city` first) and spread over the past five years, by the
database itself (`demo.scale`: a plan in Python, `INSERT … SELECT` per batch; a large load
builds the indexes once at the end). For measuring, never for a city's real database."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from shiliu.demo import scale


class Command(BaseCommand):
    help = "Load N generated requests with their events (copies of the demo's) for scale tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, required=True, help="How many to add.")
        parser.add_argument("--days", type=int, default=5 * 365,
                            help="Spread over this many days before now (default five years).")
        parser.add_argument("--batch", type=int, default=200_000, help="Requests per transaction.")
        parser.add_argument("--seed", type=int, default=2026)
        indexes = parser.add_mutually_exclusive_group()
        indexes.add_argument("--rebuild-indexes", dest="rebuild", action="store_true", default=None,
                             help="Drop the secondary indexes first and build them at the end "
                                  f"(default when N ≥ {scale.REBUILD_FROM:,} and ≥ the requests "
                                  "already there).")
        indexes.add_argument("--keep-indexes", dest="rebuild", action="store_false",
                             help="Keep the indexes up to date row by row.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["requests"]
        if count < 1 or options["days"] < 1 or options["batch"] < 1:
            raise CommandError("--requests, --days and --batch must be positive.")
        templates = scale.load_templates()
        if not templates:
            raise CommandError("No requests to copy: run `manage.py demo_city` first.")
        started = time.monotonic()
        with tqdm(total=count, desc="load_scale", unit="req", file=sys.stderr,
                  disable=options["verbosity"] < 1, dynamic_ncols=True) as bar:
            def say(line: str) -> None:
                if options["verbosity"] >= 1:
                    bar.write(f"load_scale: {line} ({time.monotonic() - started:.0f} s)",
                              file=sys.stderr)

            events = scale.load(count, days=options["days"], batch=options["batch"],
                                seed=options["seed"], templates=templates, progress=bar.update,
                                rebuild_indexes=options["rebuild"], say=say)
        seconds = max(time.monotonic() - started, 1e-9)
        self.stdout.write(f"load_scale: {count} requests and {events} events in {seconds:.0f} s "
                          f"({count / seconds:.0f} requests/s, {events / seconds:.0f} events/s).")
