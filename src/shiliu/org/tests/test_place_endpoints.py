"""The map picker's helpers through HTTP: the grid at a point, and the city's places by name."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import IN_GRID_A, OUTSIDE_GRIDS, City
from django.test import Client
from django.urls import reverse

from shiliu.org.models import ServicePoint

pytestmark = pytest.mark.django_db


def test_place_at_names_the_grid_and_its_community(city: City) -> None:
    response = Client().get(reverse("org:place-at"), {"lat": IN_GRID_A["latitude"], "lng": IN_GRID_A["longitude"]})
    assert response.status_code == 200
    data = response.json()
    assert data["grid"] == "第一网格" and data["community"] == "同心社区" and data["street"] == "团结街道"
    assert data["label"] == "第一网格 · 同心社区 · 团结街道"


def test_place_at_outside_every_grid_says_what_to_do(city: City) -> None:
    data = Client().get(reverse("org:place-at"),
                        {"lat": OUTSIDE_GRIDS["latitude"], "lng": OUTSIDE_GRIDS["longitude"]}).json()
    assert data["grid"] is None and "地址" in data["label"]


@pytest.mark.parametrize("query", [{}, {"lat": "x", "lng": "1"}, {"lat": "95", "lng": "104"}])
def test_place_at_refuses_a_bad_point_with_a_clear_error(city: City, query: dict[str, str]) -> None:
    response = Client().get(reverse("org:place-at"), query)
    assert response.status_code == 400 and response.json()["error"]


def test_place_search_finds_the_citys_own_units_and_service_points(city: City) -> None:
    ServicePoint.objects.create(name="同心社区一站式服务站", kind=ServicePoint.Kind.ONE_STOP, unit=city.community,
                                address="团结路 8 号", latitude=30.004, longitude=104.004)
    results = Client().get(reverse("org:place-search"), {"q": "同心"}).json()["results"]
    names = [r["name"] for r in results]
    assert "同心社区一站式服务站" in names and "同心社区" in names
    community = next(r for r in results if r["name"] == "同心社区")
    assert 30.0 <= community["latitude"] <= 30.01 and 104.0 <= community["longitude"] <= 104.02
    assert Client().get(reverse("org:place-search"), {"q": "同"}).json()["results"] == []


def test_a_missing_place_is_shown_next_to_the_place_fields_not_at_the_top(city: City) -> None:
    response = Client().post(reverse("service_requests:portal-submit"), {
        "category": city.category.pk, "request_type": "help", "description": "路灯坏了", "consent_handling": "on",
    })
    assert response.status_code == 400
    page = response.content.decode()
    location = page[page.index('id="location"'):page.index("</fieldset>", page.index('id="location"'))]
    assert "请在地图上选择位置，或填写地址。" in location
    top = page[:page.index('id="location"')]
    assert 'class="errors"' not in top


def test_the_public_lookups_are_rate_limited_per_address_with_a_json_answer(city: City, settings: Any) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "place_lookup": "3/minute"}
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    point = {"lat": IN_GRID_A["latitude"], "lng": IN_GRID_A["longitude"]}
    for _ in range(2):
        assert client.get(reverse("org:place-at"), point).status_code == 200
    assert client.get(reverse("org:place-search"), {"q": "社区"}).status_code == 200
    refused = client.get(reverse("org:place-at"), point)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["error"].startswith("请求过于频繁")
