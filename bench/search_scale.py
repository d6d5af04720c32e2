"""Search on a database loaded at scale (`demo_city`, then `load_scale --requests N`): the
latency of what the workbench and REST pay for `?q=` (`selectors.request_search`: the newest
`search.CANDIDATES` matches ranked, the first page read and highlighted, the count capped), for
one district's dispatcher and for a city-wide one, over the everyday words of `bench/search.py`.
Baseline in the same run: the same call with a reference, a plain indexed lookup. Recall is
measured by `bench/search.py` on a corpus it builds; here the texts are the demo's copies.

Warm: each word once after the others (what a busy server has cached). Cold (BENCH_COLD=1, on
PostgreSQL run on the database's own machine by a user who may read its files): before each
word the requests' table, TOAST and indexes are dropped from the operating system's page cache
(posix_fadvise) and from PostgreSQL's shared buffers (filled with other pages by pg_prewarm),
so every page the search needs is read from disk.

    DATABASE_URL=postgres://…/shiliu_scale10m .venv/bin/python -m bench search_scale
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import Figure
from bench._common import setup


def _timings(call: Any, queries: list[str], before: Callable[[], None] | None = None) -> list[float]:
    call(queries[0])  # warm-up
    found = []
    for query in queries:
        if before is not None:
            before()
        started = time.perf_counter()
        call(query)
        found.append((time.perf_counter() - started) * 1000)
    return found


def _evictor() -> Callable[[], None] | None:
    """What empties the caches of the requests' pages before a cold search, or None where that
    cannot be done (not PostgreSQL, its files not readable here)."""
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("SHOW data_directory")
                data = Path(cursor.fetchone()[0])
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except DatabaseError:
            return None
        table = "'service_requests_servicerequest'::regclass"
        toast = f"(SELECT reltoastrelid FROM pg_class WHERE oid = {table})"  # noqa: S608 - constants
        cursor.execute(
            f"SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.oid IN ({table}, {toast}) "  # noqa: S608
            f"OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN ({table}, {toast}))")
        bases = [data / path for (path,) in cursor.fetchall()]
        cursor.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers'")
        buffers = int(cursor.fetchone()[0])
    files = [f for base in bases for f in [base, *sorted(base.parent.glob(base.name + ".*"))]
             if f.name.split(".")[-1].isdigit() or f == base]
    if not files or not os.access(files[0], os.R_OK):
        return None

    def evict() -> None:
        with connection.cursor() as cursor:  # other pages into the shared buffers, ours out
            cursor.execute("SELECT pg_prewarm('service_requests_requestevent', 'buffer', 'main', 0, %s)",
                           [buffers + 1024])
        for name in files:
            fd = os.open(name, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)

    return evict


def _p(values: list[float], q: int) -> float:
    return round(statistics.quantiles(values, n=100)[q - 1], 1)


def figures() -> list[Figure]:
    setup()
    from django.db import DatabaseError, connection

    from bench.search import WORDS
    from shiliu.core.permissions import Role
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import StaffRole, User
    from shiliu.service_requests import selectors
    from shiliu.service_requests.models import ServiceRequest

    try:
        root = OrgUnit.objects.filter(parent=None).order_by("pk").first()
        district = OrgUnit.objects.filter(parent=root).order_by("pk").first()
    except DatabaseError:  # not migrated: nothing loaded there
        root = district = None
    if root is None or district is None:
        print("   skipped: no city in DATABASE_URL's database (demo_city, then load_scale)")
        return []
    requests = ServiceRequest.objects.count()
    references = list(ServiceRequest.objects.order_by("-pk").values_list("reference", flat=True)[:len(WORDS)])
    evict = _evictor() if os.environ.get("BENCH_COLD") else None
    searches = []
    for label, unit in (("district dispatcher", district), ("city-wide dispatcher", root)):
        user, _ = User.objects.get_or_create(username=f"bench-search-{unit.pk}", defaults={"display_name": "bench"})
        StaffRole.objects.get_or_create(user=user, role=Role.DISPATCHER, unit=unit)

        def search(query: str, user: Any = user) -> None:
            page = selectors.request_search(user=user, filters=selectors.QueueFilters(query=query), size=50)
            list(page.rows)

        searches.append((f"search {requests:,} requests ({connection.vendor}), {label}", search))
    out: list[Figure] = []
    for name, search in searches:  # warm first, every scope, before any cache is emptied
        words = _timings(search, WORDS)
        lookups = _timings(search, references)
        out += [
            Figure(f"{name}: p50, {len(WORDS)} words", _p(words, 50), "ms", _p(lookups, 50),
                   "baseline: the same call with a reference"),
            Figure(f"{name}: p95, {len(WORDS)} words", _p(words, 95), "ms", _p(lookups, 95),
                   "baseline: the same call with a reference"),
            Figure(f"{name}: slowest word", round(max(words), 1), "ms", None,
                   WORDS[words.index(max(words))]),
        ]
    for name, search in searches if evict is not None else []:
        cold = _timings(search, WORDS, evict)
        cold_lookups = _timings(search, references, evict)
        out += [
            Figure(f"{name}: cold p50, {len(WORDS)} words", _p(cold, 50), "ms", _p(cold_lookups, 50),
                   "caches emptied before each; baseline: the same call with a reference"),
            Figure(f"{name}: cold p95, {len(WORDS)} words", _p(cold, 95), "ms", _p(cold_lookups, 95),
                   "caches emptied before each; baseline: the same call with a reference"),
        ]
    return out
