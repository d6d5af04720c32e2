"""The three migrations that give timeline events a kind and parameters turn the sentences the
workflow used to write into notes into parameters, keep what people typed, and make every note
but replies, reasons for not accepting, closing notes and rating comments staff-only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("service_requests", "0018_request_transfer"), ("org", "0004_servicepoint_opening_hours_translations")]


@pytest.mark.django_db(transaction=True)
def test_old_notes_become_kinds_and_parameters_and_instructions_become_staff_only() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        unit = old.get_model("org", "OrgUnit").objects.create(code="u", name="和睦区城管局", kind="department",
                                                              path="/1/")
        category = old.get_model("service_requests", "Category").objects.create(code="x", name="路灯")
        request = old.get_model("service_requests", "ServiceRequest").objects.create(
            reference="SL-2026-000001", tracking_token="t" * 32, category=category, description="灯坏了",
            jurisdiction=unit, channel="phone",
        )
        Event = old.get_model("service_requests", "RequestEvent")
        rows = {
            "submit": Event.objects.create(request=request, action="submit", note="电话"),
            "dispatch": Event.objects.create(request=request, action="dispatch", unit=unit,
                                             note="已派单至和睦区城管局"),
            "instruction": Event.objects.create(request=request, action="dispatch", unit=unit,
                                                note="请尽快修复路灯。"),
            "return": Event.objects.create(request=request, action="return", unit=unit, is_public=False,
                                           note="不属于本单位（政策依据：职责清单第3条）"),
            "resolve": Event.objects.create(request=request, action="resolve", unit=unit, note="已修复"),
            "reopen": Event.objects.create(request=request, action="reopen", note="不满意：还是不亮"),
            "remind": Event.objects.create(request=request, action="remind", note="催办：办理期限即将到期。"),
        }
        MigrationExecutor(connection).migrate(latest)

        from shiliu.service_requests.models import RequestEvent

        got = {name: RequestEvent.objects.get(pk=row.pk) for name, row in rows.items()}
        assert (got["submit"].kind, got["submit"].params, got["submit"].note) == ("submit", {"channel": "phone"}, "")
        assert (got["dispatch"].params, got["dispatch"].note) == ({"unit": unit.pk}, "")
        assert (got["instruction"].note, got["instruction"].note_is_public) == ("请尽快修复路灯。", False)
        assert got["return"].note == "不属于本单位"
        assert got["return"].params == {"unit": unit.pk, "policy_basis": "职责清单第3条"}
        assert (got["resolve"].note, got["resolve"].note_is_public) == ("已修复", True)
        assert (got["reopen"].params, got["reopen"].note, got["reopen"].note_is_public) == (
            {"rating": 2}, "还是不亮", True)
        assert (got["remind"].note, got["remind"].params) == ("", {"system": True})
        assert all(event.kind for event in got.values())

        # and back: the columns go, the rows stay
        MigrationExecutor(connection).migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM service_requests_requestevent")
            assert cursor.fetchone() == (len(rows),)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
