"""Scheduled work: retraining the category suggester on the city's own requests (weekly, on the
schedule of `manage.py schedule`)."""

from __future__ import annotations

import logging

from django_tasks import task

from shiliu.core import errors
from shiliu.insights.services import suggestion_model_train

logger = logging.getLogger("shiliu.insights")


@task()
def retrain_suggestions() -> dict[str, int | str]:
    """A new model version from the city's requests; a city with too few of them (a new one)
    keeps the version it has, and the task says why instead of failing every week."""
    try:
        version = suggestion_model_train()
    except errors.Unprocessable as reason:
        logger.info("suggestions not retrained: %s", reason)
        return {"skipped": str(reason)}
    return {"version": version.number, "requests": version.sample_count}
