"""Abuse limits: rate limits with a clear 429 and Retry-After, request size limits (413), and
photos checked by their content, never by their name."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import time_machine
from conftest import IN_GRID_A, City
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from shiliu.api.tests.conftest import anonymous, issue, keyed, post_json
from shiliu.service_requests import workflow
from shiliu.service_requests.services import photo_check

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """These tests read the messages' English source text."""
    with translation.override("en"):
        yield


def body(city: City) -> dict[str, object]:
    return {"category": city.other_category.code, "description": "路灯坏了", "consents": ["request_handling"],
            **IN_GRID_A}


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_anonymous_intake_is_limited_per_address_with_retry_after(
    city: City, settings: object
) -> None:
    settings.SHILIU_RATE_LIMITS = {
        **settings.SHILIU_RATE_LIMITS,
        "anonymous_intake": "2/hour",
    }  # type: ignore[attr-defined]
    client = anonymous()
    with time_machine.travel("2026-03-04 10:00:00 +0800", tick=False):
        assert [
            post_json(client, "/api/v1/requests", body(city)).status_code for _ in range(2)
        ] == [201, 201]
        refused = post_json(client, "/api/v1/requests", body(city))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3601"
    assert refused.json()["message"] == "Too many requests. Please try again in 3601 seconds."
    other_address = anonymous()
    other_address.defaults["REMOTE_ADDR"] = "10.0.0.9"
    with time_machine.travel("2026-03-04 10:00:00 +0800", tick=False):
        assert post_json(other_address, "/api/v1/requests", body(city)).status_code == 201
    with time_machine.travel("2026-03-04 11:00:01 +0800", tick=False):
        assert post_json(client, "/api/v1/requests", body(city)).status_code == 201


def test_keyed_calls_are_limited_per_key(city: City, settings: object) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "keyed": "3/minute"}  # type: ignore[attr-defined]
    _, one = issue(city.city, name="one")
    _, two = issue(city.city, name="two")
    with time_machine.travel("2026-03-04 10:00:30 +0800", tick=False):
        codes = [keyed(one).get("/api/v1/requests").status_code for _ in range(4)]
        assert keyed(two).get("/api/v1/requests").status_code == 200
        refused = keyed(one, "zh-hans").get("/api/v1/requests")
    assert codes == [200, 200, 200, 429]
    assert refused["Retry-After"] == "31" and refused["Content-Language"] == "zh-hans"


def test_a_body_over_the_limit_is_413_before_it_is_read(city: City, settings: object) -> None:
    settings.SHILIU_API_MAX_BODY_BYTES = 1024  # type: ignore[attr-defined]
    big = {**body(city), "description": "灯" * 2000}
    response = post_json(anonymous(), "/api/v1/requests", big)
    assert response.status_code == 413
    assert response.json()["message"] == "The request is too large: send at most 1 KB."


def test_a_real_photo_is_accepted_and_renamed_after_its_format(db: None) -> None:
    upload = SimpleUploadedFile("evil.html", png_bytes(), content_type="text/html")
    assert photo_check(upload).name == "photo.jpg"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("photo.png", png_bytes()[:40]),  # truncated
        ("photo.gif", b"GIF89a" + b"\x00" * 20),
        ("document.pdf", b"%PDF-1.4 not an image"),
    ],
)
def test_anything_but_a_readable_photo_is_refused_whatever_its_name(
    db: None, name: str, content: bytes
) -> None:
    with pytest.raises(workflow.InvalidInput, match="not a photo we can accept"):
        photo_check(SimpleUploadedFile(name, content, content_type="image/jpeg"))


def test_an_oversized_photo_is_refused(db: None, settings: object) -> None:
    settings.SHILIU_PHOTO_MAX_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(workflow.InvalidInput, match="larger than"):
        photo_check(SimpleUploadedFile("a.png", png_bytes((400, 400))))
