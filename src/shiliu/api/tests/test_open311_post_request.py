"""POST /open311/v2/requests.{json,xml}: form-encoded with an api_key, a service_code and a
location, as the spec describes; errors in the spec's format; retries never duplicate."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import City
from django.db import connection
from django.test import Client
from PIL import Image

from shiliu.api.models import CategoryQuestion, IdempotencyRecord, Scope
from shiliu.api.tests.conftest import anonymous, issue
from shiliu.api.tests.open311_spec import (
    ERRORS_JSON,
    ERRORS_XML,
    POST_JSON,
    POST_XML,
    assert_json_like,
    assert_xml_like,
    records,
)
from shiliu.service_requests.models import Channel, ServiceRequest

pytestmark = pytest.mark.django_db


def post(client: Client, fmt: str, form: dict[str, Any], **headers: Any) -> Any:
    """As Open311 clients send it: application/x-www-form-urlencoded; charset=utf-8."""
    return client.post(
        f"/open311/v2/requests.{fmt}",
        urlencode(form, doseq=True),
        content_type="application/x-www-form-urlencoded; charset=utf-8",
        **headers,
    )


def form(key: str, **extra: Any) -> dict[str, Any]:
    return {
        "api_key": key,
        "service_code": "street-lights",
        "lat": "30.005",
        "long": "104.005",
        "description": "路灯不亮。晚上很黑。",
        **extra,
    }


def test_a_json_post_creates_one_request_and_answers_its_id(city: City, city_key: str) -> None:
    response = post(
        anonymous(),
        "json",
        form(
            city_key,
            first_name="阿依",
            last_name="古丽",
            phone="13900001111",
            email="a@example.org",
            device_id="dev-1",
            account_id="acc-9",
        ),
    )
    assert response.status_code == 200
    assert_json_like(response.json(), POST_JSON)
    sr = ServiceRequest.objects.get()
    [answer] = response.json()
    assert answer["service_request_id"] == sr.reference and "token" not in answer
    assert "within" in answer["service_notice"]
    assert sr.channel == Channel.OPEN311 and sr.jurisdiction == city.grid_a
    assert sr.contact_name == "阿依 古丽" and sr.masked_phone == "139****1111"
    # the e-mail is kept for follow-up, as the phone, encrypted; device and account ids are not
    assert sr.contact_email == "a@example.org"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM service_requests_servicerequest")
        stored = str(cursor.fetchone())
    assert "a@example.org" not in stored and "dev-1" not in stored and "acc-9" not in stored


def test_an_xml_post_answers_in_the_specs_shape(city: City, city_key: str) -> None:
    response = post(anonymous(), "xml", form(city_key))
    assert response.status_code == 200
    [answer] = records(assert_xml_like(response.content, POST_XML))
    assert answer["service_request_id"] == ServiceRequest.objects.get().reference
    assert answer["account_id"] == ""


def test_an_address_string_or_address_id_is_enough_as_a_location(city: City, city_key: str) -> None:
    by_address = post(
        anonymous(), "json", form(city_key, lat="", long="", address_string="团结路12号")
    )
    by_place = post(anonymous(), "json", form(city_key, lat="", long="", address_id="community"))
    assert by_address.status_code == by_place.status_code == 200
    by_text = ServiceRequest.objects.get(reference=by_address.json()[0]["service_request_id"])
    assert by_text.address == "团结路12号" and by_text.jurisdiction == city.city
    assert ServiceRequest.objects.get(reference=by_place.json()[0]["service_request_id"]).jurisdiction == city.community


def test_an_empty_description_is_allowed_as_the_spec_says(city: City, city_key: str) -> None:
    response = post(anonymous(), "json", form(city_key, description=""))
    assert response.status_code == 200
    assert ServiceRequest.objects.get().description == "公共设施 / 路灯"


def test_attributes_answer_the_services_questions(city: City, city_key: str) -> None:
    CategoryQuestion.objects.create(
        category=city.other_category,
        code="kind",
        question="What is wrong?",
        datatype="multivaluelist",
        required=True,
        choices="dark|The light is off\nflicker|It flickers",
    )
    missing = post(anonymous(), "json", form(city_key))
    assert missing.status_code == 400 and "What is wrong?" in missing.json()[0]["description"]
    answered = post(
        anonymous(), "json", form(city_key, **{"attribute[kind][]": ["dark", "flicker"]})
    )
    assert answered.status_code == 200
    assert ServiceRequest.objects.get().description.endswith(
        "What is wrong?: The light is off, It flickers"
    )
    unknown = post(anonymous(), "json", form(city_key, **{"attribute[kind]": "broken"}))
    assert unknown.status_code == 400


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"api_key": ""}, 403, "api_key is required"),
        ({"api_key": "sl_nope_nope"}, 403, "not valid"),
        ({"service_code": ""}, 400, "service_code was not provided"),
        ({"service_code": "no-such"}, 404, "was not found"),
        ({"lat": "", "long": ""}, 400, "A location is required"),
        ({"lat": "91"}, 400, "lat must be a number"),
        ({"long": "east"}, 400, "long must be a number"),
        ({"long": ""}, 400, "both lat and long"),
        ({"description": "x" * 4001}, 400, "4,000"),
        ({"phone": "call me"}, 400, "11-digit mobile number"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"address_id": "nowhere", "lat": "", "long": ""}, 400, "“nowhere”"),
        ({"address_id": "housing", "lat": "", "long": ""}, 400, "“housing”"),  # a department
        ({"jurisdiction_id": "sfgov.org"}, 404, "jurisdiction_id"),
    ],
)
def test_bad_posts_are_refused_in_the_error_format(
    city: City, city_key: str, change: dict[str, str], status: int, words: str
) -> None:
    for fmt in ("json", "xml"):
        response = post(anonymous(), fmt, form(city_key, **change))
        assert response.status_code == status, (fmt, response.content)
        if fmt == "json":
            assert_json_like(response.json(), ERRORS_JSON)
            assert (
                response.json()[0]["code"] == status and words in response.json()[0]["description"]
            )
        else:
            [error] = records(assert_xml_like(response.content, ERRORS_XML))
            assert error["code"] == str(status) and words in error["description"]
    assert not ServiceRequest.objects.exists()


def test_a_key_without_the_create_permission_gets_403(city: City) -> None:
    _, reader = issue(city.city, [Scope.REQUESTS_READ])
    response = post(anonymous(), "json", form(reader))
    assert response.status_code == 403 and "may not post" in response.json()[0]["description"]


def test_errors_are_in_the_callers_language(city: City) -> None:
    response = post(anonymous("zh-hans"), "json", form("", service_code="no-such"))
    assert response.status_code == 403 and response["Content-Language"] == "zh-hans"


def test_the_same_post_retried_creates_one_request(city: City, city_key: str) -> None:
    first = post(anonymous(), "json", form(city_key))
    again = post(anonymous(), "xml", form(city_key))
    assert first.json()[0]["service_request_id"] in again.content.decode()
    assert ServiceRequest.objects.count() == 1 and IdempotencyRecord.objects.count() == 1
    other = post(anonymous(), "json", form(city_key, description="另一盏灯也坏了"))
    assert other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]


def test_an_idempotency_key_header_reused_with_another_body_is_422(
    city: City, city_key: str
) -> None:
    post(anonymous(), "json", form(city_key), HTTP_IDEMPOTENCY_KEY="abc")
    response = post(
        anonymous(), "json", form(city_key, description="别的"), HTTP_IDEMPOTENCY_KEY="abc"
    )
    assert response.status_code == 422 and "different request" in response.json()[0]["description"]


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_photo_upload_is_checked_by_content_not_name(
    city: City, city_key: str, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = anonymous()
    disguised = SimpleUploadedFile("photo.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    refused = client.post("/open311/v2/requests.json", {**form(city_key), "media": disguised})
    assert refused.status_code == 400 and "not a photo" in refused.json()[0]["description"]
    real = SimpleUploadedFile("x.exe", _photo(), content_type="application/octet-stream")
    accepted = client.post("/open311/v2/requests.json", {**form(city_key), "media": real})
    assert accepted.status_code == 200
    attachment = ServiceRequest.objects.get().attachments.get()
    assert attachment.image.name.endswith(".jpg") and "x.exe" not in attachment.image.name


def test_a_media_url_is_kept_with_the_description(city: City, city_key: str) -> None:
    post(anonymous(), "json", form(city_key, media_url="https://img.example.org/1.jpg"))
    assert ServiceRequest.objects.get().description.endswith("Photo: https://img.example.org/1.jpg")


def test_incoming_xml_is_never_parsed(city: City, city_key: str) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<x>&b;</x>"
    )
    response = anonymous().post("/open311/v2/requests.xml", bomb, content_type="text/xml")
    assert response.status_code == 403  # no api_key in a form: the body is not read as XML at all
