"""The data migration gives photo files stored under their uploaded names random names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shiliu.service_requests.tests.photos import jpeg_bytes

# Org units are created in that old state too: their later columns (name_translations) go back.
BEFORE = [("service_requests", "0010_attachment_random_names"), ("org", "0002_servicepoint_translations")]


@pytest.mark.django_db(transaction=True)
def test_existing_files_are_renamed_and_the_old_names_removed(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    old_name = "requests/2026/03/张三-身份证-13911112222.jpg"
    (tmp_path / old_name).parent.mkdir(parents=True)
    (tmp_path / old_name).write_bytes(jpeg_bytes())
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        unit = old.get_model("org", "OrgUnit").objects.create(code="c", name="同心社区", kind="community", path="/1/")
        category = old.get_model("service_requests", "Category").objects.create(code="x", name="路灯")
        request = old.get_model("service_requests", "ServiceRequest").objects.create(
            reference="SL-2026-000001", tracking_token="t" * 32, category=category, description="灯坏了",
            jurisdiction=unit, channel="portal")
        old.get_model("service_requests", "Attachment").objects.create(request=request, image=old_name)
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        with connection.cursor() as cursor:
            cursor.execute("SELECT image FROM service_requests_attachment")
            (new_name,) = cursor.fetchone()
        assert re.match(r"^requests/\d{4}/\d{2}/[0-9a-f]{32}\.jpg$", new_name)
        assert (tmp_path / new_name).read_bytes() == jpeg_bytes()
        assert not (tmp_path / old_name).exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
