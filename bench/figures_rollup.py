"""Figures at scale: the figures page's question (the past twelve months for the whole city,
grouped by unit, with the month trend) answered from the tallies (reports.rollups: closed months
and days stored, today live), against the raw aggregate over the requests and their events
(figures.request_facts + tabulate) in the same run. Two timings of the tallies: cold (the cache
of assembled tallies emptied before each call: one query over the rows, plus today) and warm (a
page view after the first within one refresh: today only).

Run on a loaded database (`manage.py load_scale`, then `manage.py refresh_rollups --full`):
    DATABASE_URL=… .venv/bin/python -m bench figures_rollup
"""

from __future__ import annotations

import os

from bench import Figure
from bench._common import p95, setup


def figures() -> list[Figure]:
    setup()
    from django.core.cache import cache
    from django.db import connection
    from django.utils import timezone

    from shiliu.core.permissions import Role
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import StaffRole, User
    from shiliu.reports import rollups
    from shiliu.reports.figures import request_facts, tabulate, tabulate_tallies
    from shiliu.reports.forms import default_period
    from shiliu.reports.models import FigureRollup
    from shiliu.service_requests.models import ServiceRequest

    root = OrgUnit.objects.filter(parent=None).order_by("pk").first()
    assert root is not None, "no organisation: run demo_city and load_scale first"
    analyst, _ = User.objects.get_or_create(username="bench-analyst",
                                            defaults={"display_name": "bench"})
    StaffRole.objects.get_or_create(user=analyst, role=Role.ANALYST, unit=root)
    start, end = default_period(timezone.localdate())
    runs = int(os.environ.get("BENCH_RUNS", "20"))

    def page() -> None:  # what the page does: its grouping and the month trend together
        analyst_now = User.objects.get(pk=analyst.pk)  # a new request: its roles read afresh
        tallies = rollups.figure_tallies(user=analyst_now, groups=("unit", "month"), start=start,
                                         end=end)
        tabulate_tallies(tallies["unit"], group_by="unit", start=start, end=end)
        tabulate_tallies(tallies["month"], group_by="month", start=start, end=end)

    def cold() -> None:
        cache.clear()
        page()

    def raw() -> None:  # the page before rollups: one row of facts per request, twice grouped
        facts = request_facts(user=analyst, start=start, end=end)
        tabulate(facts, group_by="unit", start=start, end=end)
        tabulate(facts, group_by="month", start=start, end=end)

    requests = ServiceRequest.objects.count()
    built = rollups.state()
    rows = FigureRollup.objects.count()
    month_rows = FigureRollup.objects.filter(grain=FigureRollup.Grain.MONTH).count()
    read = FigureRollup.objects.filter(scope=root, kind="unit").count()
    slow = p95(raw, max(3, runs // 5))
    fast = p95(cold, runs)
    warm = p95(page, runs)
    vendor = connection.vendor
    note = (f"{requests} requests, {vendor}; tallies through "
            f"{built.built_through if built else None}: {rows} rows ({month_rows} month rows; "
            f"{read} for the city's unit grouping)")
    return [
        Figure("figures_page_p95_cold", round(fast, 1), "ms", round(slow, 1),
               f"past 12 months by unit + month trend from the tallies vs the raw aggregate; {note}"),
        Figure("figures_page_p95_warm", round(warm, 1), "ms", round(slow, 1),
               "the same, assembled tallies cached for the refresh (today still live)"),
        Figure("figures_raw_aggregate_p95", round(slow, 1), "ms", None, vendor),
        Figure("figure_rollup_rows_per_request", round(rows / max(requests, 1), 3), "rows", None,
               note),
    ]
