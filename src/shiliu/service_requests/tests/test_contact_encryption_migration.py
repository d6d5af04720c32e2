"""The three migrations that encrypt contact data keep every existing value (demo data in a
developer's database survives), and can be reversed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shiliu.privacy import crypto

BEFORE = [("service_requests", "0002_extension_withdrawn"), ("org", "0002_servicepoint_translations")]


@pytest.mark.django_db(transaction=True)
def test_plaintext_contact_data_is_sealed_and_indexed_by_the_migrations() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        unit = old.get_model("org", "OrgUnit").objects.create(code="c", name="同心社区", kind="community", path="/1/")
        category = old.get_model("service_requests", "Category").objects.create(code="x", name="路灯")
        old.get_model("service_requests", "ServiceRequest").objects.create(
            reference="SL-2026-000001", tracking_token="t" * 32, category=category, description="灯坏了",
            jurisdiction=unit, channel="portal", contact_name="王秀英", contact_phone="13812341234",
            address="团结路 12 号",
        )
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        with connection.cursor() as cursor:
            cursor.execute("SELECT contact_name, contact_phone, address, contact_phone_index "
                           "FROM service_requests_servicerequest")
            name, phone, address, index = cursor.fetchone()
        assert crypto.decrypt(name) == "王秀英" and crypto.decrypt(phone) == "13812341234"
        assert crypto.decrypt(address) == "团结路 12 号"
        assert index == crypto.blind_index("13812341234", kind="phone")

        # and back: the plaintext returns to the old columns
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("SELECT contact_name, contact_phone, address FROM service_requests_servicerequest")
            assert cursor.fetchone() == ("王秀英", "13812341234", "团结路 12 号")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
