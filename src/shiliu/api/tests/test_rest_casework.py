"""Casework through the REST API: scoped lists, audited reads, masked contact, idempotent
creation, the workflow verbs with their refusals and stable codes in the caller's language."""

from __future__ import annotations

import pytest
from conftest import City
from django.utils import timezone

from shiliu.api.models import Scope
from shiliu.api.tests.conftest import issue, keyed, post_json, signed_in
from shiliu.audit.models import AuditEvent
from shiliu.cases.models import Case, Household, Visit
from shiliu.cases.tests import factories
from shiliu.people.models import User

pytestmark = pytest.mark.django_db

NEW_HOUSEHOLD = {"unit": "grid-a", "building": "3栋", "unit_no": "2单元", "room": "501", "head_name": "王桂兰",
                 "head_phone": "13912345678", "members_count": 3, "language": "ug"}


def test_a_household_is_created_once_per_idempotency_key_and_shown_masked(city: City, grid_worker: User) -> None:
    client = signed_in(grid_worker)
    first = post_json(client, "/api/v1/households", NEW_HOUSEHOLD, HTTP_IDEMPOTENCY_KEY="k-1")
    again = post_json(client, "/api/v1/households", NEW_HOUSEHOLD, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and first.json() == again.json()
    assert Household.objects.count() == 1
    body = first.json()
    assert body["head_name"] == "王**" and body["head_phone"] == "139****5678" and "501" not in body["address"]
    changed = post_json(client, "/api/v1/households", {**NEW_HOUSEHOLD, "members_count": 4},
                        HTTP_IDEMPOTENCY_KEY="k-1")
    assert changed.status_code == 422 and changed.json()["code"] == "idempotency_key_reused"


def test_lists_are_scoped_and_other_grids_are_404(city: City, grid_worker: User, other_grid_worker: User) -> None:
    mine = factories.case(grid_worker, city.grid_a)
    theirs = factories.case(other_grid_worker, city.grid_b)
    client = signed_in(grid_worker)
    assert [h["reference"] for h in client.get("/api/v1/households").json()["results"]] == [mine.household.reference]
    assert [c["reference"] for c in client.get("/api/v1/cases").json()["results"]] == [mine.reference]
    assert client.get(f"/api/v1/cases/{theirs.reference}").status_code == 404
    assert client.get(f"/api/v1/households/{theirs.household.reference}").status_code == 404
    assert post_json(client, f"/api/v1/cases/{theirs.reference}/close", {"outcome": "other"}).status_code == 404


def test_reads_are_audited(city: City, grid_worker: User) -> None:
    case = factories.case(grid_worker, city.grid_a)
    client = signed_in(grid_worker)
    assert client.get(f"/api/v1/cases/{case.reference}").status_code == 200
    assert client.get(f"/api/v1/households/{case.household.reference}").status_code == 200
    assert AuditEvent.objects.filter(action="read", target_type="cases.case", target_id=str(case.pk)).exists()
    assert AuditEvent.objects.filter(action="read", target_type="cases.household").exists()


def test_the_workflow_verbs_and_their_refusals(city: City, grid_worker: User) -> None:
    client = signed_in(grid_worker, language="zh-hans")
    created = post_json(client, "/api/v1/households", NEW_HOUSEHOLD)
    case = post_json(client, "/api/v1/cases", {"household": created.json()["reference"], "source": "visit",
                                                "summary": "失业半年，孩子上学费用困难"})
    assert case.status_code == 201
    reference = case.json()["reference"]
    assessed = post_json(client, f"/api/v1/cases/{reference}/assess", {"levels": {"employment": "severe"}})
    assert assessed.status_code == 200 and assessed.json()["status"] == "assessed"
    early = post_json(client, f"/api/v1/cases/{reference}/start-plan", {})
    assert early.status_code == 400 and early.json()["code"] == "invalid_input"
    due = (timezone.localdate() + timezone.timedelta(days=5)).isoformat()
    assert post_json(client, f"/api/v1/cases/{reference}/actions", {"title": "推荐岗位", "due_on": due}
                     ).status_code == 200
    started = post_json(client, f"/api/v1/cases/{reference}/start-plan", {})
    assert started.json()["status"] == "active" and "monitor" in started.json()["allowed_verbs"]
    wrong = post_json(client, f"/api/v1/cases/{reference}/reopen", {"reason": "x"})
    assert wrong.status_code == 409 and wrong.json()["code"] == "invalid_transition"
    assert "不能" in wrong.json()["message"]  # in the caller's language
    closed = post_json(client, f"/api/v1/cases/{reference}/close", {"outcome": "resolved"})
    assert closed.json()["status"] == "closed" and closed.json()["events"][-1]["kind"] == "close"
    not_allowed = post_json(client, f"/api/v1/cases/{reference}/reopen", {"reason": "又失业了"})
    assert not_allowed.status_code == 403 and not_allowed.json()["code"] == "not_allowed"


def test_a_visit_is_recorded_once_and_bad_dates_are_refused(city: City, grid_worker: User) -> None:
    case = factories.case(grid_worker, city.grid_a)
    client = signed_in(grid_worker)
    body = {"household": case.household.reference, "case": case.reference,
            "visited_on": timezone.localdate().isoformat(), "method": "phone", "notes": "电话回访，情况稳定"}
    assert post_json(client, "/api/v1/visits", body, HTTP_IDEMPOTENCY_KEY="v-1").status_code == 201
    assert post_json(client, "/api/v1/visits", body, HTTP_IDEMPOTENCY_KEY="v-1").status_code == 201
    assert Visit.objects.count() == 1
    future = post_json(client, "/api/v1/visits", {**body, "visited_on": "2099-01-01"})
    assert future.status_code == 400 and future.json()["code"] == "date_in_future"
    out_of_range = post_json(client, "/api/v1/visits", {**body, "visited_on": "1999-12-31"})
    assert out_of_range.status_code == 400
    assert Visit.objects.count() == 1
    listed = client.get("/api/v1/visits").json()
    assert listed["count"] == 1 and listed["results"][0]["case"] == case.reference


def test_pairings_through_a_key(city: City, grid_worker: User, handler: User) -> None:
    household = factories.household(grid_worker, city.grid_a)
    _key, raw = issue(city.community, scopes=[Scope.CASES_READ, Scope.CASES_WRITE])
    client = keyed(raw)
    created = post_json(client, "/api/v1/pairings", {"household": household.reference, "staff": handler.username,
                                                     "min_contacts": 2, "period_days": 30})
    assert created.status_code == 201
    pairing_id = created.json()["id"]
    assert client.get(f"/api/v1/pairings/{pairing_id}").json()["staff"] == handler.username
    assert client.get("/api/v1/pairings").json()["count"] == 1
    twice = post_json(client, "/api/v1/pairings", {"household": household.reference, "staff": handler.username})
    assert twice.status_code == 409


def test_a_key_without_the_casework_permission_is_refused(city: City) -> None:
    _key, raw = issue(city.city, scopes=[Scope.REQUESTS_READ])
    response = keyed(raw).get("/api/v1/cases")
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


def test_an_analyst_lists_nothing(city: City, grid_worker: User, analyst: User) -> None:
    factories.case(grid_worker, city.grid_a)
    assert signed_in(analyst).get("/api/v1/cases").json()["count"] == 0
    assert Case.objects.count() == 1
