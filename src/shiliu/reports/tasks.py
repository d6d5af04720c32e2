"""Scheduled work: the figures' daily tallies, on django-tasks' database backend."""

from __future__ import annotations

from django_tasks import task

from shiliu.reports import rollups


@task()
def refresh_figure_rollups() -> dict[str, int]:
    result = rollups.refresh()
    return {"days": result.days, "rows": result.rows}
