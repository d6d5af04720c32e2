"""The auditor's page: search, export (itself audited), the chain check; nobody else gets in."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from conftest import City
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.audit.services import audit_record, audit_seal
from shiliu.core.permissions import Role
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db

TRAIL = "/en/audit/"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def trail(db: None) -> list[AuditEvent]:
    """Three events on three days, one from an attacker who typed a formula as a username."""
    events = []
    for day, (label, action) in enumerate(
        [
            ("zhang", AuditAction.SIGN_IN),
            ('=HYPERLINK("x")', AuditAction.SIGN_IN_FAILED),
            ("li", AuditAction.PERMISSION_CHANGE),
        ],
        start=1,
    ):
        with time_machine.travel(datetime(2026, 3, day, 9, 0, tzinfo=SHANGHAI), tick=False):
            events.append(
                audit_record(
                    actor=None,
                    action=action,
                    actor_label=label,
                    target_type="people.user",
                    target_id=str(day),
                )
            )
    audit_seal()
    return events


@pytest.fixture
def auditor_client(auditor: User) -> Client:
    return login_staff(Client(), auditor)


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.AUDITOR] + [None])
def test_only_the_auditor_opens_the_trail(city: City, role: str | None) -> None:
    user = staff(role, city.city, username="person") if role else UserFactory(username="person")
    client = login_staff(Client(), user)
    for path in (TRAIL, TRAIL + "verify/", TRAIL + "export/?format=csv"):
        assert client.get(path).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client().get(TRAIL)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


def test_the_auditor_searches_by_actor_action_object_and_dates(
    auditor_client: Client, trail: list[AuditEvent]
) -> None:
    def found(**query: str) -> set[int]:
        response = auditor_client.get(TRAIL, query)
        assert response.status_code == 200
        return {event.pk for event in response.context["page"]} & {e.pk for e in trail}

    first, second, third = (event.pk for event in trail)
    assert found() == {first, second, third}
    assert found(actor="ZHANG") == {first}
    assert found(action=AuditAction.PERMISSION_CHANGE) == {third}
    assert found(target_type="people.user", target_id="2") == {second}
    assert found(start="2026-03-02", end="2026-03-02") == {second}
    assert found(start="2026-03-02") == {second, third}


def test_a_bad_search_is_a_clear_400(auditor_client: Client) -> None:
    response = auditor_client.get(TRAIL, {"start": "2026-03-05", "end": "2026-03-01"})
    assert response.status_code == 400
    assert "The start date must not be after the end date." in response.content.decode()
    assert auditor_client.get(TRAIL, {"start": "yesterday"}).status_code == 400
    assert auditor_client.get(TRAIL + "export/", {"format": "pdf"}).status_code == 400


def test_the_csv_export_is_audited_and_keeps_formulas_as_text(
    auditor_client: Client, auditor: User, trail: list[AuditEvent]
) -> None:
    response = auditor_client.get(
        TRAIL + "export/", {"format": "csv", "start": "2026-03-01", "end": "2026-03-03"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["Event", "Time", "Actor", "Action"]
    assert [row[2] for row in rows[1:]] == ["li", '\'=HYPERLINK("x")', "zhang"]
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert export.actor_id == auditor.pk and export.ip_address == "127.0.0.1"
    assert export.detail["format"] == "csv" and export.detail["rows"] == 3
    assert export.detail["filters"]["start"].startswith("2026-03-01T00:00:00+08:00")


def test_the_xlsx_export_holds_the_same_rows(
    auditor_client: Client, trail: list[AuditEvent]
) -> None:
    response = auditor_client.get(TRAIL + "export/", {"format": "xlsx", "actor": "li"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "li" and rows[1][3] == AuditAction.PERMISSION_CHANGE
    assert len(rows) == 2
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).detail["format"] == "xlsx"


def test_an_export_too_large_asks_for_narrower_filters(
    auditor_client: Client, trail: list[AuditEvent], settings: Any
) -> None:
    settings.AUDIT_EXPORT_MAX_ROWS = 2
    response = auditor_client.get(TRAIL + "export/", {"format": "csv"})
    assert response.status_code == 400 and "Narrow the dates" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_page_verifies_the_chain(auditor_client: Client, trail: list[AuditEvent]) -> None:
    response = auditor_client.get(TRAIL + "verify/")
    assert response.status_code == 200
    assert "The chain is intact" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.READ, detail__verified=True).exists()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the edit itself")
def test_the_page_shows_where_an_edited_row_broke_the_chain(
    auditor_client: Client, trail: list[AuditEvent]
) -> None:
    AuditEvent.objects.filter(pk=trail[1].pk).update(actor_label="innocent")
    html = auditor_client.get(TRAIL + "verify/").content.decode()
    assert f"The chain is broken at event #{trail[1].pk} (content)" in html


def test_the_trail_page_takes_the_same_queries_however_many_events(
    auditor_client: Client, trail: list[AuditEvent], django_assert_max_num_queries: Any
) -> None:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        auditor_client.get(TRAIL)
    for n in range(30):
        audit_record(actor=None, action=AuditAction.SIGN_IN, actor_label=f"u{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        auditor_client.get(TRAIL)


def test_the_trail_names_objects_and_details_in_words(
    city: City, auditor_client: Client, dispatcher: User
) -> None:
    from shiliu.service_requests import services
    from shiliu.service_requests.models import Channel
    from shiliu.service_requests.tests.journeys import HANDLING

    resident = UserFactory(username="resident-1", display_name="张三丰")
    request = services.service_request_submit(
        consents=HANDLING, actor=None, channel=Channel.PORTAL, category=city.category,
        description="楼道灯不亮", address="团结路 12 号", longitude=104.005, latitude=30.005,
    )
    audit_record(actor=dispatcher, action=AuditAction.REVEAL, target=request,
                 detail={"field": "contact_phone", "reason": "回访确认"})
    audit_record(actor=None, action=AuditAction.SIGN_IN, target=resident, detail={"factor": "password"})

    page = auditor_client.get("/zh-hans/audit/").content.decode()

    assert f"诉求 {request.reference}" in page
    assert "字段: 联系电话; 理由: 回访确认" in page
    assert "居民账户 张**" in page and "张三丰" not in page
    audit_record(actor=None, action=AuditAction.SIGN_OUT, target=dispatcher)
    assert "工作人员账户 dispatcher" in auditor_client.get("/zh-hans/audit/").content.decode()
    assert "service_requests.servicerequest:" not in page and "people.user:" not in page
    assert '{"field"' not in page
