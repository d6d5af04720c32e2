"""Search on a database loaded at scale (`demo_city`, then `load_scale --requests N`): the
latency of what the workbench and REST pay for `?q=` (`selectors.request_search`: the newest
`search.CANDIDATES` matches ranked, the first page read and highlighted, the count capped), for
one district's dispatcher and for a city-wide one, over the everyday words of `bench/search.py`.
Baseline in the same run: the same call with a reference, a plain indexed lookup. Recall is
measured by `bench/search.py` on a corpus it builds; here the texts are the demo's copies.

    DATABASE_URL=postgres://…/shiliu_scale10m .venv/bin/python -m bench search_scale
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench import Figure
from bench._common import setup


def _timings(call: Any, queries: list[str]) -> list[float]:
    call(queries[0])  # warm-up
    found = []
    for query in queries:
        started = time.perf_counter()
        call(query)
        found.append((time.perf_counter() - started) * 1000)
    return found


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
    out: list[Figure] = []
    for label, unit in (("district dispatcher", district), ("city-wide dispatcher", root)):
        user, _ = User.objects.get_or_create(username=f"bench-search-{unit.pk}", defaults={"display_name": "bench"})
        StaffRole.objects.get_or_create(user=user, role=Role.DISPATCHER, unit=unit)

        def search(query: str, user: Any = user) -> None:
            page = selectors.request_search(user=user, filters=selectors.QueueFilters(query=query), size=50)
            list(page.rows)

        words = _timings(search, WORDS)
        lookups = _timings(search, references)
        name = f"search {requests:,} requests ({connection.vendor}), {label}"
        out += [
            Figure(f"{name}: p50, {len(WORDS)} words", _p(words, 50), "ms", _p(lookups, 50),
                   "baseline: the same call with a reference"),
            Figure(f"{name}: p95, {len(WORDS)} words", _p(words, 95), "ms", _p(lookups, 95),
                   "baseline: the same call with a reference"),
            Figure(f"{name}: slowest word", round(max(words), 1), "ms", None,
                   WORDS[words.index(max(words))]),
        ]
    return out
