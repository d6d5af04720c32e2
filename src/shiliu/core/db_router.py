"""Reads that may lag go to the replica: the figures (`reports`) and their daily tallies, when
`DATABASE_REPLICA_URL` configures DATABASES["replica"]; every write, and every other read (the
workbench, the APIs, intake: they must see their own writes), stays on "default".

Models of the apps in REPLICA_APPS are read there by the router; code that reads other apps'
models for the figures (the live part of today's figures reads requests) asks `reports_alias()`
and says `.using()` itself. Migrations run on "default" only: the replica copies them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model

REPLICA = "replica"
REPLICA_APPS = frozenset({"reports"})


def reports_alias() -> str:
    """Where the figures read: the replica when there is one."""
    return REPLICA if REPLICA in settings.DATABASES else "default"


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if model._meta.app_label in REPLICA_APPS:
            return reports_alias()
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return True  # one database and its copy: every row exists on both

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None,
                      **hints: Any) -> bool | None:
        return db != REPLICA
