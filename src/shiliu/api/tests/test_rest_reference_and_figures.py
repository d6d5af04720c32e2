"""Categories, org units, service points (public) and figures (figure roles and keys with
figures.read) through the REST API."""

from __future__ import annotations

import pytest
from conftest import City

from shiliu.api.models import CategoryQuestion, Scope
from shiliu.api.tests.conftest import anonymous, issue, keyed, signed_in
from shiliu.org.models import ServicePoint
from shiliu.people.models import User
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db


def test_categories_list_time_limits_and_questions(city: City) -> None:
    CategoryQuestion.objects.create(
        category=city.other_category, code="pole", question="Pole number?", required=True
    )
    categories = {c["code"]: c for c in anonymous().get("/api/v1/categories").json()}
    lights = categories["street-lights"]
    assert lights["parent"] == "facilities" and categories["facilities"]["parent"] is None
    assert lights["resolve_within"] == {"amount": 5, "unit": "working_days"}
    assert lights["questions"][0]["code"] == "pole" and lights["questions"][0]["required"] is True


def test_org_units_are_paginated_and_filtered(city: City) -> None:
    client = anonymous()
    everything = client.get("/api/v1/org-units").json()
    assert everything["count"] == 7 and everything["results"][0]["code"] == "city"
    grids = client.get("/api/v1/org-units?kind=grid").json()["results"]
    assert [g["code"] for g in grids] == ["grid-a", "grid-b"]
    children = client.get("/api/v1/org-units?parent=community").json()["results"]
    assert {c["code"] for c in children} == {"grid-a", "grid-b"}
    assert client.get("/api/v1/org-units?kind=planet").status_code == 400


def test_service_points_by_unit_and_language(city: City) -> None:
    ServicePoint.objects.create(
        name="同心社区民族之家",
        kind="community_home",
        unit=city.community,
        address="同心路1号",
        languages="zh-hans, ug",
    )
    ServicePoint.objects.create(
        name="区法律援助中心", kind="legal_aid", unit=city.district, address="和平路2号"
    )
    client = anonymous()
    assert client.get("/api/v1/service-points").json()["count"] == 2
    in_street = client.get("/api/v1/service-points?unit=street").json()["results"]
    assert [p["name"] for p in in_street] == ["同心社区民族之家"]
    assert in_street[0]["languages"] == ["zh-hans", "ug"]
    assert client.get("/api/v1/service-points?language=ug").json()["count"] == 1
    assert client.get("/api/v1/service-points?unit=nowhere").json()["count"] == 0


def test_an_analyst_reads_the_figures_with_their_definitions(city: City, analyst: User) -> None:
    submit(city.other_category)
    response = signed_in(analyst).get(
        "/api/v1/figures?group=channel&start=2025-01-01&end=2030-12-31"
    )
    assert response.status_code == 200
    table = response.json()
    assert table["total"]["submitted"] == 1
    assert all(f["definition"] for f in table["figures"])
    assert [row["key"] for row in table["rows"]] == ["portal"]


def test_figures_need_a_figure_role_or_permission(city: City, outsider: User, auditor: User) -> None:
    assert signed_in(auditor).get("/api/v1/figures").status_code == 403
    # Someone without any staff role calls as the public does: not signed in to the API.
    assert signed_in(outsider).get("/api/v1/figures").status_code == 401
    _, no_figures = issue(city.city, [Scope.REQUESTS_READ])
    assert keyed(no_figures).get("/api/v1/figures").status_code == 403
    _, with_figures = issue(city.city, [Scope.FIGURES_READ], name="dashboard")
    assert keyed(with_figures).get("/api/v1/figures").status_code == 200


def test_a_bad_period_is_a_clear_400(city: City, analyst: User) -> None:
    client = signed_in(analyst)
    reversed_period = client.get("/api/v1/figures?start=2026-02-01&end=2026-01-01")
    assert reversed_period.status_code == 400
    assert reversed_period.json()["message"] == "The first day must not come after the last day."
    assert client.get("/api/v1/figures?start=1900-01-01&end=2026-01-01").status_code == 400
    assert client.get("/api/v1/figures?group=religion").status_code == 400
    assert client.get("/api/v1/figures?start=yesterday").status_code == 400


def test_the_openapi_document_and_the_docs_are_served(city: City) -> None:
    document = anonymous().get("/api/openapi.json").json()
    assert document["info"]["title"] == "Shiliu REST API"
    assert "/api/v1/requests" in document["paths"]
    assert "/api/v1/requests/{reference}/dispatch" in document["paths"]
    docs = anonymous().get("/api/docs")
    assert docs.status_code == 200
    assert b"cdn.jsdelivr.net" not in docs.content and b"/static/ninja/swagger-ui" in docs.content
