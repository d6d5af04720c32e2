"""Text that is not valid UTF-8 is refused with a clear 400, never stored as U+FFFD: Open311's
form-encoded posts and query strings, REST's JSON bodies and query strings."""

from __future__ import annotations

import pytest
from conftest import City

from shiliu.api.tests.conftest import anonymous, issue
from shiliu.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db

MESSAGE = "The request is not valid UTF-8 text: send it encoded as UTF-8."


def open311_form(raw_key: str, description: bytes) -> bytes:
    return (b"api_key=" + raw_key.encode() + b"&service_code=street-lights&lat=30.005"
            b"&long=104.005&description=" + description)


@pytest.mark.parametrize("description", [b"%E8%B7%AF%FF%FE", b"\xe8\xb7\xaf\xff"],
                         ids=["percent-encoded", "raw-bytes"])
def test_an_open311_post_with_invalid_utf8_is_refused(city: City, description: bytes) -> None:
    response = anonymous().post("/open311/v2/requests.json", open311_form(issue(city.city)[1], description),
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": MESSAGE}]
    assert not ServiceRequest.objects.exists()


def test_an_open311_query_string_with_invalid_utf8_is_refused_in_xml(city: City) -> None:
    response = anonymous().get("/open311/v2/requests.xml?service_code=%C0%AF")
    assert response.status_code == 400
    assert MESSAGE.encode() in response.content and b"<code>400</code>" in response.content


def test_valid_utf8_still_passes(city: City) -> None:
    description = "路灯不亮".encode()
    from urllib.parse import quote_from_bytes

    response = anonymous().post(
        "/open311/v2/requests.json", open311_form(issue(city.city)[1], quote_from_bytes(description).encode()),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert ServiceRequest.objects.get().description == "路灯不亮"


def test_a_rest_json_body_with_invalid_utf8_is_refused(city: City) -> None:
    response = anonymous().post("/api/v1/requests", b'{"category": "street-lights", "description": "\xff"}',
                                content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input" and response.json()["message"] == MESSAGE


def test_a_rest_query_string_with_invalid_utf8_is_refused(city: City) -> None:
    response = anonymous().get("/api/v1/org-units?parent=%FF")
    assert response.status_code == 400 and response.json()["message"] == MESSAGE
