"""One range of dates, 2000-01-01 to 2099-12-31, for every input that takes a date: a date far
out (9999-12-31, 0001-01-01) is a clear 400 in the user's language, never an overflow (500)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from conftest import City
from django.test import Client

from shiliu.api.tests.conftest import post_json, signed_in
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import Extension, ServiceRequest
from shiliu.service_requests.tests.journeys import NOW, Walk
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db

RANGE = "Choose a date from 2000-01-01 to 2099-12-31."


@pytest.fixture
def in_progress(city: City, dispatcher: User, supervisor: User, handler: User) -> Any:
    with time_machine.travel(NOW, tick=False):
        walk = Walk(dispatcher=dispatcher, supervisor=supervisor, worker=handler,
                    unit=city.housing, category=city.category)
        yield walk.to(Status.IN_PROGRESS)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2100-01-01"])
def test_an_extension_to_a_far_date_is_refused_in_the_workbench(
    in_progress: ServiceRequest, handler: User, day: str
) -> None:
    client = login_staff(Client(), handler)
    response = client.post(f"/en/workbench/requests/{in_progress.reference}/request_extension/",
                           {"request_extension-reason": "需要产权单位共同维修",
                            "request_extension-new_date": day})
    assert response.status_code == 400
    assert RANGE in response.content.decode()
    assert not Extension.objects.exists()


def test_an_extension_to_a_far_date_is_refused_through_rest(
    in_progress: ServiceRequest, handler: User
) -> None:
    response = post_json(signed_in(handler), f"/api/v1/requests/{in_progress.reference}/request-extension",
                         {"reason": "需要产权单位共同维修", "new_date": "9999-12-31"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "new_date", "message": RANGE}]


@pytest.mark.parametrize("query", [{"end": "9999-12-31"}, {"start": "0001-01-01"},
                                   {"start": "1999-12-31", "end": "2026-03-01"}])
def test_the_audit_search_refuses_dates_out_of_range(
    auditor: User, query: dict[str, str]
) -> None:
    client = login_staff(Client(), auditor)
    for path in ("/en/audit/", "/en/audit/export/?format=csv"):
        response = client.get(path, query)
        assert response.status_code == 400, path
        assert RANGE in response.content.decode()


def test_figures_through_rest_use_the_same_range(analyst: User) -> None:
    response = signed_in(analyst).get("/api/v1/figures", {"start": "1999-12-31"})
    assert response.status_code == 400 and response.json()["message"] == RANGE


def test_a_date_answer_to_a_categorys_question_uses_the_same_range(city: City) -> None:
    from shiliu.api.models import CategoryQuestion
    from shiliu.api.tests.conftest import anonymous

    CategoryQuestion.objects.create(category=city.other_category, code="since",
                                    question="Since when?", datatype="datetime", required=True)
    body = {"category": city.other_category.code, "description": "路灯坏了",
            "consents": ["request_handling"], "latitude": 30.005, "longitude": 104.005}
    far = post_json(anonymous(), "/api/v1/requests", {**body, "answers": {"since": "9999-12-31T10:00+08:00"}})
    assert far.status_code == 400 and far.json()["message"] == RANGE
    near = post_json(anonymous(), "/api/v1/requests", {**body, "answers": {"since": "2026-03-01T10:00+08:00"}})
    assert near.status_code == 201
