"""Casework through HTTP: a household found on a visit, its case assessed, planned, visited,
referred and closed; refusals as pages in the reader's language; lists on a phone-sized page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shiliu.audit.models import AuditEvent
from shiliu.cases import services
from shiliu.cases.models import Case, Household, PlanAction, Visit
from shiliu.cases.tests import factories
from shiliu.cases.workflow import Status
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    return login_staff(Client(), user)


def test_a_grid_worker_runs_a_case_from_household_to_closure(city: City, grid_worker: User) -> None:
    client = signed_in(grid_worker)
    page = client.get(reverse("cases:household-create"))
    assert page.status_code == 200
    response = client.post(reverse("cases:household-create"), {
        "unit": city.grid_a.pk, "building": "3栋", "unit_no": "2单元", "room": "501", "head_name": "王桂兰",
        "head_phone": "13912345678", "members_count": 4, "language": "zh-hans", "notes": "独自照顾孙子"})
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/households/{household.reference}/")

    response = client.post(reverse("cases:case-open", args=[household.reference]),
                           {"source": "visit", "summary": "老伴去世后收入骤减，孙子即将上小学。"})
    case = Case.objects.get()
    assert response.status_code == 302 and case.status == Status.OPEN and case.caseworker == grid_worker

    levels = {f"level_{code}": "none" for code in
              ("income", "housing", "employment", "schooling", "health", "disability", "elderly_care", "legal")}
    levels.update({"level_income": "severe", "level_schooling": "some", "note_income": "仅靠低保"})
    assert client.post(reverse("cases:case-assess", args=[case.reference]), levels).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ASSESSED
    assert case.needs.get(item__code="income").note == "仅靠低保"

    # Starting the plan with no action is refused on the page, in the reader's language.
    refused = client.post(reverse("cases:case-act", args=[case.reference, "start_plan"]))
    assert refused.status_code == 400 and "请先在计划中添加至少一项措施" in refused.content.decode()

    response = client.post(reverse("cases:action-add", args=[case.reference]),
                           {"title": "协助申请临时救助", "owner": grid_worker.pk, "due_in_working_days": 5})
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert action.due_on > timezone.localdate()
    assert client.post(reverse("cases:case-act", args=[case.reference, "start_plan"])).status_code == 302

    today = timezone.localdate()
    response = client.post(reverse("cases:visit-record", args=[household.reference]), {
        "case": case.reference, "visited_on": today.isoformat(), "method": "home", "notes": "送去申请表，已填好",
        "next_step": "跟进审批", "next_visit_on": (today + timedelta(days=14)).isoformat()})
    assert response.status_code == 302
    assert Visit.objects.get().case == case

    assert client.post(reverse("cases:action-done", args=[action.pk])).status_code == 302
    assert client.post(reverse("cases:case-act", args=[case.reference, "monitor"]), {"monitor-note": "每月回访"}
                       ).status_code == 302
    assert client.post(reverse("cases:case-act", args=[case.reference, "close"]),
                       {"close-outcome": "resolved", "close-outcome_note": "救助已到位"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.outcome == "resolved" and case.closed_on == today

    detail = client.get(reverse("cases:case-detail", args=[case.reference])).content.decode()
    for sentence in ("已立案", "已完成需求评估", "已启动帮扶计划", "已结案"):
        assert sentence in detail


def test_a_referral_is_a_request_in_the_spine_and_the_case_shows_its_status(
    city: City, grid_worker: User
) -> None:
    case = factories.case(grid_worker, city.grid_a)
    client = signed_in(grid_worker)
    response = client.post(reverse("cases:case-refer", args=[case.reference]),
                           {"category": city.category.pk, "description": "房屋漏水，需住建部门上门查看"})
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert request.status == "submitted" and request.due_at is not None  # routed and clocked
    assert request.description.startswith(f"[{case.reference}]")
    assert request.contact_phone == "" and request.contact_name == ""
    page = client.get(reverse("cases:case-detail", args=[case.reference])).content.decode()
    assert request.reference in page and request.get_status_display() in page


def test_bad_input_is_an_error_on_the_form_and_nothing_is_stored(city: City, grid_worker: User) -> None:
    household = factories.household(grid_worker, city.grid_a)
    client = signed_in(grid_worker)
    response = client.post(reverse("cases:visit-record", args=[household.reference]), {
        "visited_on": "9999-01-01", "method": "home", "notes": "x"})
    assert response.status_code == 400 and "2000-01-01" in response.content.decode()
    response = client.post(reverse("cases:visit-record", args=[household.reference]), {
        "visited_on": (timezone.localdate() + timedelta(days=3)).isoformat(), "method": "home", "notes": "x"})
    assert response.status_code == 400
    response = client.post(reverse("cases:household-create"), {
        "unit": city.grid_a.pk, "head_name": "张三", "head_phone": "12345", "members_count": 1, "language": "zh-hans"})
    assert response.status_code == 400
    assert Visit.objects.count() == 0 and Household.objects.count() == 1


def test_lists_render_for_a_caseworker(city: City, grid_worker: User, station_staff: User) -> None:
    case = factories.case(grid_worker, city.grid_a)
    services.pairing_create(station_staff, staff=grid_worker, household=case.household, min_contacts=2,
                            period_days=30, started_on=timezone.localdate() - timedelta(days=60))
    client = signed_in(grid_worker)
    for name in ("cases:case-list", "cases:household-list", "cases:overdue", "cases:pairing-list",
                 "cases:pairing-short"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert case.reference in client.get(reverse("cases:case-list")).content.decode()
    short = client.get(reverse("cases:pairing-short")).content.decode()
    assert case.household.reference in short
    # htmx asks for the table only
    fragment = client.get(reverse("cases:case-list"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and case.reference in fragment


def test_lists_show_names_and_phones_masked(city: City, grid_worker: User) -> None:
    factories.household(grid_worker, city.grid_a, head_name="王桂兰", head_phone="13912345678")
    page = signed_in(grid_worker).get(reverse("cases:household-list")).content.decode()
    assert "王**" in page and "139****5678" in page
    assert "王桂兰" not in page and "13912345678" not in page


def test_every_detail_read_is_audited(city: City, grid_worker: User) -> None:
    case = factories.case(grid_worker, city.grid_a)
    client = signed_in(grid_worker)
    client.get(reverse("cases:case-detail", args=[case.reference]))
    client.get(reverse("cases:household-detail", args=[case.household.reference]))
    reads = AuditEvent.objects.filter(action="read", actor=grid_worker)
    assert {(e.target_type, e.target_id) for e in reads} == {
        ("cases.case", str(case.pk)), ("cases.household", str(case.household.pk))}
    assert all("王" not in str(e.detail) for e in reads)
