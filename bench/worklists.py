"""Worklists at scale: the first and a later keyset page (50 rows) of the workbench queue, the
to-accept and supervision lists, and the REST list's query, for a city-wide dispatcher, against
the old paginator's COUNT over the same queue in the same run.

    DATABASE_URL=… .venv/bin/python -m bench.worklists
"""

from __future__ import annotations

import json
import os
from typing import Any

from bench import Figure
from bench._common import figure, p95, setup


def figures() -> list[Figure]:
    setup()
    from django.core.paginator import Paginator
    from django.db import DatabaseError, connection

    from shiliu.core.pagination import keyset_page
    from shiliu.core.permissions import Role
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import StaffRole, User
    from shiliu.service_requests import selectors
    from shiliu.service_requests.models import ServiceRequest

    try:
        root = OrgUnit.objects.filter(parent=None).order_by("pk").first()
    except DatabaseError:  # not migrated: nothing loaded there
        root = None
    if root is None:
        print("   skipped: no city in DATABASE_URL's database (demo_city, then load_scale)")
        return []
    user, _ = User.objects.get_or_create(username="bench-dispatcher",
                                         defaults={"display_name": "bench"})
    for role in (Role.DISPATCHER, Role.SUPERVISOR):
        StaffRole.objects.get_or_create(user=user, role=role, unit=root)
    runs = int(os.environ.get("BENCH_RUNS", "20"))
    everything = selectors.QueueFilters(status="")
    open_ = selectors.QueueFilters(status="open")

    def page(queryset: Any, order: Any, *, second: bool = False) -> None:
        first = keyset_page(queryset, order, cursor=None, size=50)
        if second and first.next_cursor:
            keyset_page(queryset, order, cursor=first.next_cursor, size=50)

    lists = {
        "queue (open)": lambda: page(selectors.request_queue(user=user, filters=open_),
                                     selectors.QUEUE_ORDER),
        "queue (all), pages 1 and 2": lambda: page(
            selectors.request_queue(user=user, filters=everything), selectors.QUEUE_ORDER,
            second=True),
        "to accept": lambda: page(selectors.to_accept_list(user=user), selectors.TO_ACCEPT_ORDER),
        "supervision": lambda: page(selectors.supervision_list(user=user),
                                    selectors.SUPERVISION_ORDER),
    }

    def paginator() -> None:  # before: Paginator's COUNT over the queue, then page 1
        queue = selectors.request_queue(user=user, filters=everything)
        list(Paginator(queue, 50).get_page(1))

    baseline = p95(paginator, max(3, runs // 5))
    requests = ServiceRequest.objects.count()
    result = [figure(f"worklist {name} p95, {requests} requests ({connection.vendor})",
                     p95(call, runs), "ms", baseline) for name, call in lists.items()]
    result.append(figure(f"paginator COUNT + page 1 p95 ({connection.vendor})", baseline, "ms",
                         None))
    return result


if __name__ == "__main__":
    print(json.dumps([f.as_dict() for f in figures()], ensure_ascii=False, indent=2))
