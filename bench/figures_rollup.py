"""Figures at scale: the figures of the past twelve months for the whole city, read from the
daily tallies (reports.rollups, closed days stored + today live), against the raw aggregate over
the requests and their events (figures.request_facts + tabulate) in the same run.

Run on a loaded database (`manage.py load_scale`, then `manage.py refresh_rollups --full`):
    DATABASE_URL=… .venv/bin/python -m bench.figures_rollup
"""

from __future__ import annotations

import json
import os
from typing import Any

from bench._common import figure, p95, setup


def figures() -> list[dict[str, Any]]:
    setup()
    from django.db import connection
    from django.utils import timezone

    from shiliu.core.permissions import Role
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import StaffRole, User
    from shiliu.reports import rollups
    from shiliu.reports.figures import request_facts, tabulate, tabulate_tallies
    from shiliu.reports.forms import default_period
    from shiliu.service_requests.models import ServiceRequest

    root = OrgUnit.objects.filter(parent=None).order_by("pk").first()
    assert root is not None, "no organisation: run demo_city and load_scale first"
    analyst, _ = User.objects.get_or_create(username="bench-analyst",
                                            defaults={"display_name": "bench"})
    StaffRole.objects.get_or_create(user=analyst, role=Role.ANALYST, unit=root)
    start, end = default_period(timezone.localdate())
    runs = int(os.environ.get("BENCH_RUNS", "20"))

    def stored() -> None:  # what the page does: its grouping and the month trend together
        tallies = rollups.figure_tallies(user=analyst, groups=("unit", "month"), start=start,
                                         end=end)
        tabulate_tallies(tallies["unit"], group_by="unit", start=start, end=end)
        tabulate_tallies(tallies["month"], group_by="month", start=start, end=end)

    def raw() -> None:  # the page before rollups: one row of facts per request, twice grouped
        facts = request_facts(user=analyst, start=start, end=end)
        tabulate(facts, group_by="unit", start=start, end=end)
        tabulate(facts, group_by="month", start=start, end=end)

    requests = ServiceRequest.objects.count()
    built = rollups.state()
    fast = p95(stored, runs)
    slow = p95(raw, max(3, runs // 5))
    vendor = connection.vendor
    return [
        figure(f"figures page p95, past 12 months, {requests} requests ({vendor}, from tallies "
               f"through {built.built_through if built else None})", fast, "ms", slow),
        figure(f"figures raw aggregate p95 ({vendor})", slow, "ms", None),
    ]


if __name__ == "__main__":
    print(json.dumps(figures(), ensure_ascii=False, indent=2))
