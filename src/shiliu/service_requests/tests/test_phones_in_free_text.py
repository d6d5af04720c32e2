"""Phone numbers a resident or staff member typed into free text (the description, a reply, a
reason) are masked like the contact phone on staff pages and in REST; the reveal flow shows the
description in full (audited); the resident's own tracking page shows what they wrote."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import City
from django.test import Client

from shiliu.api.tests.conftest import signed_in as api_client
from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db

MOBILE, LANDLINE = "13912345678", "028-87654321"
TEXT = f"楼道灯坏了，请回电 {MOBILE} 或 +86 139 1234 5678，白天打 {LANDLINE}。"


@pytest.fixture
def sr(city: City, dispatcher: User) -> ServiceRequest:
    request = submit(city.other_category, description=TEXT)
    workflow.accept(request, actor=dispatcher, note=f"已联系，居民留的号码是 {MOBILE}")
    request.refresh_from_db()
    return request


def assert_masked(text: str) -> None:
    assert MOBILE not in text and "139 1234 5678" not in text and LANDLINE not in text
    assert "139****5678" in text and "028*****4321" in text


def test_the_workbench_detail_masks_phones_in_the_description_and_notes(
    sr: ServiceRequest, dispatcher: User, handler: User
) -> None:
    page = login_staff(Client(), dispatcher).get(f"/en/workbench/requests/{sr.reference}/")
    assert page.status_code == 200
    assert_masked(page.content.decode())
    assert "楼道灯坏了" in page.content.decode()


def test_rest_masks_phones_in_the_description_and_the_timeline(
    sr: ServiceRequest, dispatcher: User
) -> None:
    client = api_client(dispatcher)
    detail = client.get(f"/api/v1/requests/{sr.reference}")
    listed = client.get("/api/v1/requests")
    assert detail.status_code == 200 and listed.status_code == 200
    assert_masked(detail.content.decode("unicode_escape"))
    assert_masked(detail.json()["description"] + detail.json()["timeline"][-1]["note"])
    assert_masked(listed.json()["results"][0]["description"])


def test_the_reveal_flow_shows_the_description_in_full_and_is_audited(
    sr: ServiceRequest, dispatcher: User
) -> None:
    response = login_staff(Client(), dispatcher).post(
        f"/en/workbench/requests/{sr.reference}/reveal/",
        {"field": "description", "reason": "回访确认维修结果"},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert MOBILE in response.content.decode()
    event: Any = AuditEvent.objects.filter(action=AuditAction.REVEAL).get()
    assert event.detail["field"] == "description"


def test_the_residents_own_tracking_page_shows_what_they_wrote(sr: ServiceRequest) -> None:
    page = Client().get(f"/en/track/{sr.tracking_token}/")
    assert MOBILE in page.content.decode()


def test_the_audit_page_and_its_exports_mask_phones_in_a_reveal_reason(
    sr: ServiceRequest, dispatcher: User, auditor: User
) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    login_staff(Client(), dispatcher).post(
        f"/en/workbench/requests/{sr.reference}/reveal/",
        {"field": "description", "reason": f"回访：居民说改打 {MOBILE}"},
    )
    client = login_staff(Client(), auditor)
    page = client.get("/en/audit/", {"action": AuditAction.REVEAL})
    csv_export = client.get("/en/audit/export/", {"format": "csv", "action": AuditAction.REVEAL})
    xlsx_export = client.get("/en/audit/export/", {"format": "xlsx", "action": AuditAction.REVEAL})
    csv_text = b"".join(csv_export.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    cells = " ".join(str(c.value) for row in load_workbook(BytesIO(xlsx_export.content)).active.rows
                     for c in row)
    for text in (page.content.decode(), csv_text, cells):
        assert "改打 139****5678" in text and MOBILE not in text
