"""Base model shared by every app."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ConfigVersion(models.Model):
    """One row: a random token written again whenever configuration changes (`core.config`), so
    every process knows its cached copy of the configuration is out of date."""

    token = models.CharField(max_length=32, default="")
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.token


class ScheduledRun(models.Model):
    """When `manage.py schedule` last queued a periodic task: kept in the database so that a
    restarted server neither runs the weekly retraining again at once nor forgets a daily purge
    because it restarts every day."""

    task_path = models.CharField(max_length=200, primary_key=True)
    queued_at = models.DateTimeField()

    class Meta:
        ordering = ["task_path"]

    def __str__(self) -> str:
        return f"{self.task_path} {self.queued_at:%Y-%m-%d %H:%M:%S}"
