"""Intake before the city is set up: with no published privacy notice, or no organisation tree,
the portal form, staff entry, REST and Open311 each answer a clear refusal in the caller's
language with 503 (nobody's input is wrong), never a 500, and store nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import IN_GRID_A, City
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import translation

from shiliu.api.tests.conftest import anonymous, issue, post_json
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.privacy.models import Notice
from shiliu.service_requests import routing
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

NO_NOTICE = "has not published its notice on personal information"
NO_TREE = "The city is not set up yet"


@pytest.fixture
def no_notice(city: City) -> None:
    # A queryset update, as an administrator's mistake or a fresh database would leave it: no
    # version of any notice is published.
    Notice.objects.update(published_at=None)


@pytest.fixture
def no_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Staff and API keys belong to a unit, so their channels cannot meet an empty tree for
    real; the place look-up answers as it does on one."""

    def empty_tree(**kwargs: Any) -> Any:
        raise routing.NoOrgTree("The city is not set up yet, so no request can be received.")

    monkeypatch.setattr(routing, "place_of", empty_tree)


def portal_form(category_pk: int) -> dict[str, Any]:
    return {"category": category_pk, "request_type": "help", "description": "路灯坏了。",
            "consent_handling": "on", **IN_GRID_A}


def staff_form(category_pk: int) -> dict[str, Any]:
    return {"channel": "phone", "language": "zh-hans", **portal_form(category_pk)}


def rest_body(category_code: str) -> dict[str, Any]:
    return {"category": category_code, "description": "路灯坏了。",
            "consents": ["request_handling"], **IN_GRID_A}


def open311_post(raw_key: str, service_code: str) -> Any:
    form = {"api_key": raw_key, "service_code": service_code, "description": "路灯坏了。",
            "lat": IN_GRID_A["latitude"], "long": IN_GRID_A["longitude"]}
    return anonymous("en").post("/open311/v2/requests.json", urlencode(form),
                                content_type="application/x-www-form-urlencoded")


# --- No published notice -------------------------------------------------------------------------


def test_portal_form_says_the_city_has_no_notice_yet(city: City, no_notice: None) -> None:
    response = Client().post("/en/report/", portal_form(city.other_category.pk))
    assert response.status_code == 503
    assert NO_NOTICE in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_staff_entry_says_the_city_has_no_notice_yet(
    city: City, grid_worker: User, no_notice: None
) -> None:
    client = login_staff(Client(), grid_worker)
    response = client.post("/en/workbench/new/", staff_form(city.other_category.pk))
    assert response.status_code == 503
    assert NO_NOTICE in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_rest_intake_says_the_city_has_no_notice_yet(city: City, no_notice: None) -> None:
    response = post_json(anonymous("en"), "/api/v1/requests", rest_body(city.other_category.code))
    assert response.status_code == 503
    assert response.json()["code"] == "no_notice" and NO_NOTICE in response.json()["message"]
    assert not ServiceRequest.objects.exists()


def test_open311_intake_says_the_city_has_no_notice_yet(city: City, no_notice: None) -> None:
    response = open311_post(issue(city.city)[1], city.other_category.code)
    assert response.status_code == 503
    error = response.json()[0]
    assert error["code"] == 503 and NO_NOTICE in error["description"]
    assert not ServiceRequest.objects.exists()


# --- No organisation tree ------------------------------------------------------------------------


def test_portal_form_says_the_city_is_not_set_up(db: None) -> None:
    category = CategoryFactory(code="lights", name="路灯",
                               parent=CategoryFactory(code="facilities", name="公共设施"))
    response = Client().post("/en/report/", {**portal_form(category.pk), "address": "团结路"})
    assert response.status_code == 503
    assert NO_TREE in response.content.decode()


def test_rest_intake_says_the_city_is_not_set_up(db: None) -> None:
    CategoryFactory(code="lights", name="路灯",
                    parent=CategoryFactory(code="facilities", name="公共设施"))
    response = post_json(anonymous("en"), "/api/v1/requests", rest_body("lights"))
    assert response.status_code == 503
    assert response.json()["code"] == "no_org_tree" and NO_TREE in response.json()["message"]


def test_staff_entry_says_the_city_is_not_set_up(
    city: City, grid_worker: User, no_tree: None
) -> None:
    client = login_staff(Client(), grid_worker)
    response = client.post("/en/workbench/new/", staff_form(city.other_category.pk))
    assert response.status_code == 503
    assert NO_TREE in response.content.decode()


def test_open311_intake_says_the_city_is_not_set_up(city: City, no_tree: None) -> None:
    response = open311_post(issue(city.city)[1], city.other_category.code)
    assert response.status_code == 503
    assert NO_TREE in response.json()[0]["description"]


# --- Any other page ------------------------------------------------------------------------------


def test_a_refusal_no_view_shows_becomes_a_page_with_its_status(db: None) -> None:
    from shiliu.core.middleware import DomainErrorMiddleware
    from shiliu.privacy.services import NoNotice

    request = RequestFactory().get("/en/")
    request.user = AnonymousUser()
    with translation.override("en"):
        response = DomainErrorMiddleware(lambda r: None).process_exception(  # type: ignore[arg-type, return-value]
            request, NoNotice()
        )
    assert response is not None and response.status_code == 503
    assert NO_NOTICE in response.content.decode()
