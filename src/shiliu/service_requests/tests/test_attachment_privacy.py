"""Photos are private: stored under random names, never under /media/, and served only through a
view that asks the policy (staff in scope, or whoever holds the request's private link), with
private caching and nosniff; the web server may send the bytes (X-Accel-Redirect, X-Sendfile)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import IN_GRID_A, IN_GRID_B, City
from django.test import Client
from django.urls import reverse

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import Attachment, ServiceRequest
from shiliu.service_requests.tests.journeys import submit
from shiliu.service_requests.tests.photos import photo

pytestmark = pytest.mark.django_db
RANDOM_NAME = re.compile(r"^requests/\d{4}/\d{2}/[0-9a-f]{32}\.jpg$")


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def with_photo(city: City, django_capture_on_commit_callbacks: Any) -> ServiceRequest:
    with django_capture_on_commit_callbacks(execute=True):
        return submit(city.other_category, photos=[photo()])


def test_a_photo_is_stored_under_a_random_name_without_trace_of_the_uploaded_one(
    city: City, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/en/report/", {
            "category": city.other_category.pk, "request_type": "help", "description": "井盖破损",
            "consent_handling": "on", "photo": photo("张三-身份证-13911112222.jpg"), **IN_GRID_A})
    assert response.status_code == 302
    name = Attachment.objects.get().image.name
    assert RANDOM_NAME.match(name), name
    stored = [str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()]
    assert stored == [name]
    assert not any("13911112222" in p or "张三" in p for p in stored)


def test_staff_in_scope_see_the_photo_privately(with_photo: ServiceRequest, grid_worker: User) -> None:
    attachment = with_photo.attachments.get()
    response = login_staff(Client(), grid_worker).get(
        reverse("service_requests:workbench-photo", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # type: ignore[attr-defined]
    [read] = AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(with_photo.pk))
    assert read.actor == grid_worker and read.detail["fields"] == [f"photo:{attachment.pk}"]


def test_staff_out_of_scope_get_404_and_outsiders_never_the_photo(
    with_photo: ServiceRequest, other_grid_worker: User, outsider: User
) -> None:
    url = reverse("service_requests:workbench-photo", args=[with_photo.attachments.get().pk])
    assert login_staff(Client(), other_grid_worker).get(url).status_code == 404
    client = Client()
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 403  # a staff page: "not available to your role", no photo
    assert response["Content-Type"].startswith("text/html")
    assert Client().get(url).status_code in {302, 404}  # anonymous: sign in first, never the photo


def test_the_private_link_holder_sees_the_photo_and_nobody_else(with_photo: ServiceRequest, city: City) -> None:
    attachment = with_photo.attachments.get()
    url = reverse("service_requests:portal-photo", args=[with_photo.tracking_token, attachment.pk])
    response = Client().get(url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    other = submit(city.other_category, at=IN_GRID_B)
    assert Client().get(reverse("service_requests:portal-photo",
                                args=[other.tracking_token, attachment.pk])).status_code == 404
    assert Client().get(reverse("service_requests:portal-photo", args=["x" * 43, attachment.pk])).status_code == 404


def test_media_is_not_served_under_its_storage_path(with_photo: ServiceRequest) -> None:
    name = with_photo.attachments.get().image.name
    assert Client().get(f"/media/{name}").status_code == 404
    assert "/media/" not in Client().get(with_photo.tracking_path()).content.decode()


@pytest.mark.parametrize(
    ("mode", "header", "expected"),
    [("x-accel-redirect", "X-Accel-Redirect", "/protected-media/{name}"),
     ("x-sendfile", "X-Sendfile", "{root}/{name}")],
)
def test_a_setting_hands_the_bytes_to_the_web_server(
    with_photo: ServiceRequest, settings: Any, media: Path, mode: str, header: str, expected: str
) -> None:
    settings.SHILIU_SENDFILE = mode
    attachment = with_photo.attachments.get()
    response = Client().get(reverse("service_requests:portal-photo", args=[with_photo.tracking_token, attachment.pk]))
    assert response.status_code == 200
    assert response[header] == expected.format(name=attachment.image.name, root=media)
    assert response.content == b""
    assert "private" in response["Cache-Control"] and response["Content-Type"] == "image/jpeg"


def test_open311_media_url_works_for_a_keyed_reader_and_is_omitted_for_the_public(
    with_photo: ServiceRequest, city: City
) -> None:
    from shiliu.api.tests.conftest import issue

    _, raw_key = issue(city.city)
    keyed = Client().get(f"/open311/v2/requests/{with_photo.reference}.json", {"api_key": raw_key}).json()[0]
    assert keyed["media_url"].startswith("http://testserver/")
    assert "/media/" not in keyed["media_url"]
    fetched = Client().get(keyed["media_url"].removeprefix("http://testserver"))
    assert fetched.status_code == 200 and fetched["Content-Type"] == "image/jpeg"
    public = Client().get(f"/open311/v2/requests/{with_photo.reference}.json").json()[0]
    assert public["media_url"] is None


def test_a_tampered_or_expired_shared_photo_link_is_404(with_photo: ServiceRequest, city: City) -> None:
    import time_machine
    from django.utils import timezone

    from shiliu.api.tests.conftest import issue

    _, raw_key = issue(city.city)
    url = Client().get(f"/open311/v2/requests/{with_photo.reference}.json",
                       {"api_key": raw_key}).json()[0]["media_url"].removeprefix("http://testserver")
    assert Client().get(url[:-4] + "abc/").status_code == 404
    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        assert Client().get(url).status_code == 404
