"""REST for residence declarations: a signed-in resident creates one (idempotently, with the
CSRF token of their session), staff and keys list and read those of their communities (names
masked, reads audited) and confirm or return them; another community's is a 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import City
from django.test import Client

from shiliu.api.tests.conftest import issue, keyed
from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.org.models import OrgUnit
from shiliu.residence.models import Declaration
from shiliu.residence.tests.factories import declaration, resident
from shiliu.residence.tests.test_declaration_http import signed_in
from shiliu.residence.workflow import Status
from shiliu.service_requests.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/residence-declarations"


def body(city: City, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "district": city.district.code, "street": city.street.code, "community": city.community.code,
        "building": "5栋", "room": "1201", "full_name": "陈思远", "moved_in_on": "2026-02-10",
        "purpose": "study", "members": [{"name": "陈一", "relation": "child", "birth_year": 2020,
                                          "schooling": "kindergarten"}],
        "consents": ["residence_declaration"],
    }
    data.update(overrides)
    return data


def resident_client() -> Client:
    client = signed_in(resident())
    client.get("/zh-hans/me/")  # sets the CSRF cookie
    return client


def post(client: Client, data: dict[str, Any], **headers: str) -> Any:
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client.post(URL, json.dumps(data), content_type="application/json", HTTP_X_CSRFTOKEN=token,
                       HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_a_resident_declares_once_per_idempotency_key(city: City) -> None:
    client = resident_client()
    first = post(client, body(city), HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(client, body(city), HTTP_IDEMPOTENCY_KEY="k-1")
    other = post(client, body(city, room="99"), HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == 201, first.content
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert first.json()["reference"] == again.json()["reference"]
    assert other.status_code == 422
    assert Declaration.objects.count() == 1


def test_creation_is_refused_to_keys_anonymous_callers_and_bad_addresses(city: City, city_key: str) -> None:
    assert keyed(city_key).post(URL, json.dumps(body(city)), content_type="application/json").status_code == 403
    assert Client().post(URL, json.dumps(body(city)), content_type="application/json").status_code == 403
    foreign = OrgUnitFactory(code="far-street", kind=OrgUnit.Kind.STREET,
                             parent=OrgUnitFactory(code="far", kind=OrgUnit.Kind.DISTRICT, parent=city.city))
    response = post(resident_client(), body(city, street=foreign.code))
    assert response.status_code == 400 and response.json()["code"] == "invalid_address"
    response = post(resident_client(), body(city, consents=[]))
    assert response.status_code == 400 and response.json()["code"] == "consent_required"
    assert not Declaration.objects.exists()


def test_keys_list_read_confirm_and_return_within_their_units(city: City) -> None:
    declared = declaration(resident(), city.community, full_name="周文静")
    returned = declaration(resident(), city.community)
    key = issue(city.community)[1]

    listed = keyed(key).get(URL).json()
    assert listed["count"] == 2 and {r["full_name"] for r in listed["results"]} == {"周**", "李**"}
    detail = keyed(key).get(f"{URL}/{declared.reference}").json()
    assert detail["members"][0]["name"] == "王**" and detail["status"] == "submitted"
    assert AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(declared.pk)).exists()

    confirmed = keyed(key).post(f"{URL}/{declared.reference}/confirm", "{}", content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == Status.CONFIRMED
    again = keyed(key).post(f"{URL}/{declared.reference}/confirm", "{}", content_type="application/json")
    assert again.status_code == 409
    sent_back = keyed(key).post(f"{URL}/{returned.reference}/return", json.dumps({"reason": "请补充入住日期"}),
                                content_type="application/json")
    assert sent_back.status_code == 200 and sent_back.json()["return_reason"] == "请补充入住日期"


def test_another_communitys_key_gets_404(city: City) -> None:
    other = OrgUnitFactory(code="c-x", kind=OrgUnit.Kind.COMMUNITY, parent=city.street)
    declared = declaration(resident(), city.community)
    key = issue(other)[1]
    assert keyed(key).get(f"{URL}/{declared.reference}").status_code == 404
    assert keyed(key).post(f"{URL}/{declared.reference}/confirm", "{}",
                           content_type="application/json").status_code == 404
    assert keyed(key).get(URL).json()["count"] == 0


def test_acting_on_a_declaration_audits_its_read_once(city: City) -> None:
    declared = declaration(resident(), city.community)
    returned = declaration(resident(), city.community)
    key = issue(city.community)[1]

    keyed(key).post(f"{URL}/{declared.reference}/confirm", "{}", content_type="application/json")
    keyed(key).post(f"{URL}/{returned.reference}/return", json.dumps({"reason": "请补充入住日期"}),
                    content_type="application/json")

    for acted_on in (declared, returned):
        reads = AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(acted_on.pk))
        assert reads.count() == 1


def test_the_documented_status_filter_offers_the_declaration_states() -> None:
    document = Client().get("/api/openapi.json").json()
    parameters = document["paths"][URL]["get"]["parameters"]
    (status,) = [p for p in parameters if p["name"] == "status"]
    offered = next(option for option in status["schema"]["anyOf"] if "enum" in option)["enum"]
    assert offered == list(Status.values)
