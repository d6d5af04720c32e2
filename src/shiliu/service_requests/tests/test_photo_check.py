"""One image check for every channel: the portal, staff entry on a resident's behalf and Open311
refuse the same files with the same clear message in the user's language, before decoding a
single pixel of a decompression bomb; what they accept is stored re-encoded."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import IN_GRID_A, City
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shiliu.api.tests.conftest import issue
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import Attachment, ServiceRequest
from shiliu.service_requests.tests.photos import bomb, jpeg_bytes, photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def portal_form(city: City, upload: Any, **extra: Any) -> dict[str, Any]:
    return {"category": city.category.pk, "request_type": "help", "description": "井盖破损",
            "consent_handling": "on", "photo": upload, **IN_GRID_A, **extra}


def staff_form(city: City, upload: Any) -> dict[str, Any]:
    return {**portal_form(city, upload), "channel": "visit", "language": "zh-hans"}


def test_a_decompression_bomb_is_refused_on_the_portal_beside_the_field(city: City) -> None:
    response = Client().post("/en/report/", portal_form(city, bomb()))
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()
    errors = response.context["form"].errors
    assert errors["photo"] == [
        "The photo has too many pixels (169 megapixels; at most 40). Please send a smaller photo."]


def test_the_refusal_is_in_the_residents_language(city: City) -> None:
    response = Client().post("/zh-hans/report/", portal_form(city, bomb()))
    assert response.status_code == 400
    assert "像素" in response.context["form"].errors["photo"][0]


def test_a_decompression_bomb_is_refused_on_staff_entry(city: City, grid_worker: User) -> None:
    client = login_staff(Client(), grid_worker)
    response = client.post("/en/workbench/new/", staff_form(city, bomb()))
    assert response.status_code == 400
    assert "too many pixels" in response.context["form"].errors["photo"][0]
    assert not ServiceRequest.objects.exists()


def test_a_decompression_bomb_is_refused_by_open311_with_the_same_message(city: City) -> None:
    _, raw_key = issue(city.city)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post("/open311/v2/requests.json", {
        "api_key": raw_key, "service_code": "street-lights", "lat": "30.005", "long": "104.005",
        "description": "路灯不亮", "media": bomb()})
    assert response.status_code == 400
    assert "too many pixels" in response.json()[0]["description"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("photo.jpg", jpeg_bytes()[:60]),  # truncated
    ],
)
def test_only_readable_jpeg_png_and_webp_photos_are_accepted(city: City, name: str, content: bytes) -> None:
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = Client().post("/en/report/", portal_form(city, upload))
    assert response.status_code == 400
    assert response.context["form"].errors["photo"] == [
        "The file is not a photo we can accept: send a JPEG, PNG or WebP image."]


def test_a_photo_over_the_size_limit_is_refused_beside_the_field(city: City, settings: Any) -> None:
    settings.SHILIU_PHOTO_MAX_BYTES = 1024 * 1024
    upload = photo(content=jpeg_bytes() + b"\x00" * (1024 * 1024))
    response = Client().post("/en/report/", portal_form(city, upload))
    assert response.status_code == 400
    assert response.context["form"].errors["photo"] == ["The photo is larger than 1 MB."]


def test_an_accepted_webp_photo_is_stored_re_encoded_as_jpeg(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(buffer, format="WEBP")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/en/report/", portal_form(city, photo("x.webp", buffer.getvalue())))
    assert response.status_code == 302
    with Attachment.objects.get().image.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"
