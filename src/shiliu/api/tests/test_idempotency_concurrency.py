"""Many retries of one creation arriving at once, each on its own database connection, create one
request: the unique constraint on (client, key) decides, not Python. PostgreSQL only: SQLite
serialises writers anyway, so the race cannot happen there."""

from __future__ import annotations

import pytest
from conftest import IN_GRID_A, City, run_at_once
from django.db import connection

from shiliu.api.models import IdempotencyRecord
from shiliu.api.tests.conftest import issue, keyed, post_json
from shiliu.service_requests.models import ServiceRequest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("published_notices")]

THREADS = 12


def test_the_same_idempotency_key_sent_many_times_at_once_creates_one_request(city: City) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: PostgreSQL")
    _, raw_key = issue(city.city)
    body = {"category": city.other_category.code, "description": "路灯坏了", "consents": ["request_handling"],
            **IN_GRID_A}

    def create() -> tuple[int, str]:
        response = post_json(
            keyed(raw_key), "/api/v1/requests", body, HTTP_IDEMPOTENCY_KEY="retry-storm-1"
        )
        return response.status_code, response.json()["reference"]

    results = run_at_once(THREADS, create)
    assert len(results) == THREADS
    assert {status for status, _ in results} == {201}
    assert len({reference for _, reference in results}) == 1
    assert ServiceRequest.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_the_same_open311_post_sent_many_times_at_once_creates_one_request(city: City) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: PostgreSQL")
    from urllib.parse import urlencode

    from django.test import Client

    _, raw_key = issue(city.city)
    form = urlencode(
        {
            "api_key": raw_key,
            "service_code": "street-lights",
            "lat": "30.005",
            "long": "104.005",
            "description": "路灯坏了",
        }
    )

    def create() -> tuple[int, str]:
        response = Client().post(
            "/open311/v2/requests.json", form, content_type="application/x-www-form-urlencoded"
        )
        return response.status_code, response.json()[0]["service_request_id"]

    results = run_at_once(THREADS, create)
    assert {status for status, _ in results} == {200}
    assert len({reference for _, reference in results}) == 1
    assert ServiceRequest.objects.count() == 1
