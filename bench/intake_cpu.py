"""What one intake costs this process (issue 10): CPU milliseconds and SQL statements per REST
and Open311 intake, and per notification the task worker delivers, each beside the bare insert
view measured the same way in the same run (bench/intake.py's baseline). In-process, through
Django's test client, on PostgreSQL (BENCH_DATABASE_URL) with the server's settings: CPU time of
this process only, so the ratio stays honest while other work loads the machine (wall time would
not). Runs alternate (bare, REST, Open311, bare, …) and each figure is the median of its rounds.

    python -m bench.intake_cpu [--calls 200] [--rounds 3] [--profile rest|open311|bare|deliver]
                               [--sql rest|open311|bare|deliver]

`--profile` prints a cProfile top-20 (by own time, and by cumulative time) of `--calls` more calls
of that kind; `--sql` prints the statements of one call. `make bench BENCH=intake_cpu` prints the
figures only.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench import Figure
from bench import _server as server

KINDS = ("bare", "rest", "open311")


@contextmanager
def counting() -> Iterator[list[str]]:
    """The statements run meanwhile on the default connection, BEGIN, COMMIT and savepoints
    included (Django's debug log: not while CPU is timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seen: list[str] = []
    with CaptureQueriesContext(connection) as queries:
        yield seen
    seen.extend(query["sql"] for query in queries.captured_queries)


class Intake:
    """Posts of one kind through the test client, each with a unique body."""

    def __init__(self, raw_key: str, path: str, body: str, content_type: str) -> None:
        from django.test import Client

        self.client = Client(HTTP_HOST="127.0.0.1", HTTP_X_API_KEY=raw_key)
        self.path, self.body, self.content_type = path, body, content_type

    def __call__(self) -> None:
        answer = self.client.post(self.path, self.body.replace("{n}", uuid.uuid4().hex),
                                  content_type=self.content_type)
        assert answer.status_code in (200, 201), answer.content


def worker(max_tasks: int | None = None) -> Any:
    """The task worker `manage.py db_worker` runs, in batch mode: it stops once the queue is empty."""
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                  startup_delay=False, max_tasks=max_tasks, worker_id="bench-intake-cpu",
                  excluded_queue_names=[])


def queued() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count()


def timed(call: Callable[[], None], calls: int) -> tuple[float, float]:
    """(CPU ms, statements) per call: CPU over `calls` calls, statements over 10 more."""
    gc.collect()
    started = time.process_time()
    for _ in range(calls):
        call()
    cpu = time.process_time() - started
    with counting() as seen:
        for _ in range(10):
            call()
    return cpu * 1000 / calls, len(seen) / 10


def delivered(calls: int) -> tuple[float, float, int]:
    """(CPU ms, statements) per queued delivery the worker runs, and how many it ran; the
    queue holds the notifications of the intakes just made. Statements are counted over the
    last 10 of them, run apart."""
    tasks = queued()
    if tasks <= 10:
        return 0.0, 0.0, 0
    gc.collect()
    started = time.process_time()
    worker(max_tasks=tasks - 10).run()
    cpu = time.process_time() - started
    with counting() as seen:
        worker().run()
    return cpu * 1000 / (tasks - 10), len(seen) / 10, tasks


def setup() -> dict[str, Intake]:
    server.use_server_settings()
    server.ensure_database()
    import django

    django.setup()
    from bench.intake import bodies, setup_city

    raw_key, category = setup_city()
    intakes = {kind: Intake(raw_key, *call) for kind, call in bodies(category, raw_key).items()}
    for intake in intakes.values():  # caches, connections, imports
        for _ in range(5):
            intake()
    worker().run()  # whatever an earlier run left queued
    return intakes


def measure(intakes: dict[str, Intake], calls: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Per kind (and "deliver"): the median over the rounds of (CPU ms, statements) per call."""
    found: dict[str, list[tuple[float, float]]] = {kind: [] for kind in (*KINDS, "deliver")}
    for _round in range(rounds):
        for kind in KINDS:
            found[kind].append(timed(intakes[kind], calls))
            if kind == "rest":  # REST leaves a phone with consent: one SMS per notification
                cpu, statements, _tasks = delivered(calls)
                found["deliver"].append((cpu, statements))
        worker().run()  # Open311's notifications (no contact: nothing to send) out of the way
    return {kind: (statistics.median(c for c, _s in runs), statistics.median(s for _c, s in runs))
            for kind, runs in found.items()}


def profile(intakes: dict[str, Intake], kind: str, calls: int) -> str:
    profiler = cProfile.Profile(time.process_time)  # CPU, not the waits on the database
    if kind == "deliver":
        for _ in range(calls):
            intakes["rest"]()
        profiler.runcall(worker().run)
    else:
        for _ in range(calls):
            profiler.runcall(intakes[kind])
        worker().run()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(int(os.environ.get("BENCH_PROFILE_LINES", "30")))
    return out.getvalue()


def statements_of(intakes: dict[str, Intake], kind: str) -> list[str]:
    if kind == "deliver":
        worker().run()
        intakes["rest"]()
        with counting() as seen:
            worker().run()
        return seen
    with counting() as seen:
        intakes[kind]()
    worker().run()
    return seen


def figures(calls: int = 100, rounds: int = 3) -> list[Figure]:
    intakes = setup()
    found = measure(intakes, calls, rounds)
    bare_cpu, bare_statements = found["bare"]
    note = f"in-process (test client), PostgreSQL, {rounds}×{calls} alternated calls, medians"
    return [
        *(figure for kind, label in (("rest", "REST"), ("open311", "Open311")) for figure in (
            Figure(f"intake_cpu_{kind}_ms", round(found[kind][0], 2), "ms", round(bare_cpu, 2),
                   f"CPU per {label} intake vs bare insert; {note}"),
            Figure(f"intake_cpu_{kind}_statements", round(found[kind][1], 1), "statements",
                   round(bare_statements, 1), f"SQL statements per {label} intake vs bare insert"),
        )),
        Figure("intake_cpu_deliver_ms", round(found["deliver"][0], 2), "ms", round(bare_cpu, 2),
               "CPU per notification the task worker delivers (one SMS), vs bare insert"),
        Figure("intake_cpu_deliver_statements", round(found["deliver"][1], 1), "statements",
               round(bare_statements, 1),
               "SQL statements per delivery, the worker's claim and (spread over 10) its last empty poll included"),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.intake_cpu", description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", choices=[*KINDS, "deliver"])
    parser.add_argument("--sql", choices=[*KINDS, "deliver"])
    options = parser.parse_args(argv)
    intakes = setup()
    if options.sql:
        for number, sql in enumerate(statements_of(intakes, options.sql), 1):
            print(f"{number:3} {sql[:300]}")
        return 0
    if options.profile:
        print(profile(intakes, options.profile, options.calls))
        return 0
    found = measure(intakes, options.calls, options.rounds)
    bare_cpu, _bare_statements = found["bare"]
    print(f"{options.rounds}×{options.calls} calls per kind, alternated; medians (load {load()})")
    for kind, (cpu, statements) in found.items():
        print(f"  {kind:8} {cpu:7.2f} ms CPU  ({cpu / bare_cpu:5.2f}× bare)  {statements:5.1f} statements")
    return 0


def load() -> str:
    import os

    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
