from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

import shiliu

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_migrations_and_version() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database_reachable"] is True
    assert body["migrations_applied"] is True
    assert body["version"] == shiliu.__version__


def test_healthz_answers_503_when_the_database_is_down() -> None:
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
                    side_effect=DatabaseError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database_reachable"] is False


def test_healthz_answers_503_with_pending_migrations() -> None:
    with mock.patch("django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=[("x", False)]):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == 1
