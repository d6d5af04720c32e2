"""An Open311 client with a valid key reads back, within its scope, what it posted: the
description verbatim, the exact location and its address_string (its unit's requests with
requests.read; the requests it posted itself with any key). Public reads stay redacted, and every
full read is in the audit trail, naming fields and requests, never values."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import City

from shiliu.api.models import Scope
from shiliu.api.tests.conftest import anonymous, issue
from shiliu.api.tests.open311_spec import parse_xml
from shiliu.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

DESCRIPTION = "路灯不亮，\n已经三天了"
ADDRESS = "团结路12号3栋"
LAT, LONG = "30.00512", "104.00534"


def post(raw_key: str, city: City) -> str:
    response = anonymous().post(
        "/open311/v2/requests.json",
        {
            "api_key": raw_key,
            "service_code": city.other_category.code,
            "lat": LAT,
            "long": LONG,
            "address_string": ADDRESS,
            "description": DESCRIPTION,
        },
    )
    assert response.status_code == 200, response.content
    return str(response.json()[0]["service_request_id"])


def read(reference: str, raw_key: str = "", fmt: str = "json") -> Any:
    query = {"api_key": raw_key} if raw_key else {}
    return anonymous().get(f"/open311/v2/requests/{reference}.{fmt}", query)


def test_the_posting_client_reads_back_exactly_what_it_posted(city: City) -> None:
    _key, raw_key = issue(city.city, [Scope.REQUESTS_CREATE], name="FixMyStreet")
    reference = post(raw_key, city)

    [item] = read(reference, raw_key).json()

    assert item["description"] == DESCRIPTION
    assert (item["lat"], item["long"]) == (float(LAT), float(LONG))
    assert item["address"] == ADDRESS


def test_the_xml_read_back_is_exact_too(city: City) -> None:
    _key, raw_key = issue(city.city, [Scope.REQUESTS_CREATE], name="FixMyStreet")
    reference = post(raw_key, city)

    root = parse_xml(read(reference, raw_key, "xml").content)

    request = root.find("request")
    assert request is not None
    assert request.findtext("description") == DESCRIPTION
    assert request.findtext("address") == ADDRESS
    assert (request.findtext("lat"), request.findtext("long")) == (LAT, LONG)


def test_a_key_that_may_read_sees_its_units_requests_exactly(city: City) -> None:
    _poster, poster_key = issue(city.city, [Scope.REQUESTS_CREATE], name="FixMyStreet")
    reference = post(poster_key, city)
    _reader, reader_key = issue(city.grid_a, [Scope.REQUESTS_READ], name="grid app")

    [item] = read(reference, reader_key).json()

    assert item["description"] == DESCRIPTION and item["address"] == ADDRESS
    assert (item["lat"], item["long"]) == (float(LAT), float(LONG))


def test_the_public_and_other_clients_get_the_redacted_view(city: City) -> None:
    _key, raw_key = issue(city.city, [Scope.REQUESTS_CREATE], name="FixMyStreet")
    reference = post(raw_key, city)
    _other, other_key = issue(city.city, [Scope.REQUESTS_CREATE], name="another app")

    for view in (read(reference), read(reference, other_key)):
        [item] = view.json()
        assert item["description"] is None and item["address"] is None
        assert (item["lat"], item["long"]) == (30.005, 104.005)  # rounded to about 100 m


def test_a_full_read_is_audited_without_the_values(city: City) -> None:
    api_key, raw_key = issue(city.city, [Scope.REQUESTS_CREATE], name="FixMyStreet")
    reference = post(raw_key, city)

    read(reference, raw_key)
    read(reference)  # the public view reads no personal data

    [event] = AuditEvent.objects.filter(action=AuditAction.READ)
    assert event.actor == api_key.user
    assert event.detail["requests"] == [reference]
    assert set(event.detail["fields"]) == {"address", "description", "location"}
    assert ADDRESS not in str(event.detail) and DESCRIPTION not in str(event.detail)
