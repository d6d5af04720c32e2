"""Scheduled work on Django's task framework (the django-tasks backport, database backend)."""

from __future__ import annotations

from django_tasks import task

from shiliu.privacy.services import personal_data_purge


@task()
def purge_personal_data() -> dict[str, int]:
    return personal_data_purge()
