"""GET /api/v1/requests lists in one order on SQLite and PostgreSQL (nearest deadline first,
requests without a running clock last, a unique tiebreak); GET /api/v1/categories costs the same
number of queries however many categories there are."""

from __future__ import annotations

import pytest
from conftest import City
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shiliu.api.models import CategoryQuestion
from shiliu.api.tests.conftest import anonymous, keyed
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.factories import CategoryFactory
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db


def test_requests_without_a_deadline_come_last_in_a_stable_order(city: City, city_key: str) -> None:
    first, second, third, fourth = (submit(city.other_category) for _ in range(4))
    ServiceRequest.objects.filter(pk__in=[first.pk, third.pk]).update(due_at=None)
    ServiceRequest.objects.filter(pk__in=[first.pk, third.pk]).update(submitted_at=second.submitted_at)

    response = keyed(city_key).get("/api/v1/requests")

    assert response.status_code == 200
    references = [r["reference"] for r in response.json()["results"]]
    clocked = [second.reference, fourth.reference]
    assert sorted(references[:2]) == sorted(clocked)
    assert references[2:] == [first.reference, third.reference]  # equal times: the pk decides


def test_pages_of_requests_never_repeat_or_skip_one(city: City, city_key: str) -> None:
    made = [submit(city.other_category) for _ in range(5)]
    ServiceRequest.objects.filter(pk__in=[r.pk for r in made]).update(
        due_at=None, submitted_at=made[0].submitted_at
    )
    client = keyed(city_key)

    seen = [
        r["reference"]
        for page in (1, 2, 3)
        for r in client.get(f"/api/v1/requests?page={page}&page_size=2").json()["results"]
    ]

    assert sorted(seen) == sorted(r.reference for r in made)


def _queries_for_categories() -> int:
    with CaptureQueriesContext(connection) as queries:
        response = anonymous().get("/api/v1/categories")
    assert response.status_code == 200
    return len(queries)


def _add_categories(count: int) -> None:
    for _ in range(count):
        top = CategoryFactory()
        child = CategoryFactory(parent=top)
        CategoryQuestion.objects.create(category=child, code="floor", question="Which floor?")
        CategoryQuestion.objects.create(category=top, code="since", question="Since when?")


def test_categories_cost_the_same_queries_for_n_and_2n_categories(city: City) -> None:
    _add_categories(3)
    with_n = _queries_for_categories()
    _add_categories(3)
    with_2n = _queries_for_categories()

    assert with_2n == with_n


def test_categories_list_each_childs_own_and_inherited_questions(city: City) -> None:
    top = CategoryFactory(code="top")
    child = CategoryFactory(code="child", parent=top)
    CategoryQuestion.objects.create(category=child, code="floor", question="Which floor?", order=2)
    CategoryQuestion.objects.create(category=top, code="since", question="Since when?", order=1)

    listed = {c["code"]: c for c in anonymous().get("/api/v1/categories").json()}

    assert [q["code"] for q in listed["child"]["questions"]] == ["since", "floor"]
    assert listed["top"]["questions"] == []
