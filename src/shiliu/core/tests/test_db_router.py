"""The replica router: figures read from DATABASES["replica"] when DATABASE_REPLICA_URL gives
one, everything else (and every write, and migrations) stays on "default"."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.test import override_settings

from shiliu.core.db_router import ReplicaRouter, reports_alias
from shiliu.reports.models import FigureRollup, RollupState
from shiliu.service_requests.models import ServiceRequest

WITH_REPLICA = {**settings.DATABASES, "replica": settings.DATABASES["default"]}


def test_without_a_replica_everything_is_read_from_default() -> None:
    router = ReplicaRouter()
    assert reports_alias() == "default"
    assert router.db_for_read(FigureRollup) == "default"
    assert router.db_for_read(ServiceRequest) is None  # Django's default


@override_settings(DATABASES=WITH_REPLICA)
def test_with_a_replica_the_figures_read_there_and_write_nowhere_but_default() -> None:
    router = ReplicaRouter()
    assert reports_alias() == "replica"
    assert router.db_for_read(FigureRollup) == "replica"
    assert router.db_for_read(RollupState) == "replica"
    assert router.db_for_read(ServiceRequest) is None  # the workbench reads its own writes
    assert router.db_for_write(FigureRollup) == "default"
    assert router.allow_migrate("replica", "reports") is False
    assert router.allow_migrate("default", "reports") is True


def test_the_replica_comes_from_the_environment() -> None:
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='shiliu.settings'; "
            "from django.conf import settings; "
            "print(settings.DATABASES['replica']['NAME'], settings.DATABASES['replica']['HOST'])")
    env = {**os.environ, "DATABASE_REPLICA_URL": "postgres://reader@replica.example:5432/shiliu"}
    out = subprocess.run(  # noqa: S603 - our interpreter running our code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["shiliu", "replica.example"]
