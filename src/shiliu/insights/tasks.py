"""Scheduled work: retraining the category suggester on the city's own requests (weekly, say)."""

from __future__ import annotations

from django_tasks import task

from shiliu.insights.services import suggestion_model_train


@task()
def retrain_suggestions() -> dict[str, int]:
    version = suggestion_model_train()
    return {"version": version.number, "requests": version.sample_count}
