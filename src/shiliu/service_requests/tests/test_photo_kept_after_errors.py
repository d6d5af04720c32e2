"""A photo attached to a form that comes back with an error is kept: it is checked, stored as a
pending photo, shown as a thumbnail with "remove", and carried by a signed token in a hidden field,
so the next try submits it without attaching it again; on every form and in every language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from conftest import IN_GRID_A, City
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import Attachment, PendingPhoto, ServiceRequest
from shiliu.service_requests.tests.photos import photo

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'<input type="hidden" name="pending_photo" value="([^"]+)"')


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def fields(city: City, **extra: Any) -> dict[str, Any]:
    return {"category": city.category.pk, "request_type": "help", "description": "井盖破损",
            "consent_handling": "on", **IN_GRID_A, **extra}


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no pending photo token in the page"
    return found.group(1)


@pytest.mark.parametrize("language", ["en", "zh-hans", "ug", "bo"])
def test_the_portal_keeps_the_photo_after_an_error_and_submits_it_next_time(
    city: City, language: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    first = client.post(f"/{language}/report/", fields(city, description="", photo=photo()))
    assert first.status_code == 400
    html = first.content.decode()
    token = token_in(html)
    thumbnail = re.search(r'<img[^>]+class="thumb pending-photo"[^>]+src="([^"]+)"', html)
    assert thumbnail, "the kept photo is shown"
    shown = client.get(thumbnail.group(1))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert 'name="remove_photo"' in html

    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(f"/{language}/report/", fields(city, pending_photo=token))
    assert second.status_code == 302
    attachment = ServiceRequest.objects.get().attachments.get()
    with attachment.image.open("rb") as stored:
        assert stored.read(2) == b"\xff\xd8"
    assert not PendingPhoto.objects.exists()


def test_staff_entry_keeps_the_photo_after_an_error(
    city: City, grid_worker: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = login_staff(Client(), grid_worker)
    staff = {"channel": "visit", "language": "zh-hans"}
    first = client.post("/en/workbench/new/", fields(city, **staff, consent_handling="", photo=photo()))
    assert first.status_code == 400
    token = token_in(first.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post("/en/workbench/new/", fields(city, **staff, pending_photo=token))
    assert second.status_code == 302
    assert Attachment.objects.count() == 1


def test_the_kept_photo_can_be_removed(city: City) -> None:
    client = Client()
    token = token_in(client.post("/en/report/", fields(city, description="", photo=photo())).content.decode())
    response = client.post("/en/report/", fields(city, pending_photo=token, remove_photo="on"))
    assert response.status_code == 302
    assert not Attachment.objects.exists()


def test_a_new_photo_replaces_the_kept_one(city: City, django_capture_on_commit_callbacks: Any) -> None:
    from shiliu.service_requests.tests.photos import jpeg_bytes

    client = Client()
    token = token_in(client.post("/en/report/", fields(city, description="", photo=photo())).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/report/", fields(city, pending_photo=token,
                                          photo=photo("b.jpg", jpeg_bytes((40, 30), "red"))))
    from PIL import Image

    with Attachment.objects.get().image.open("rb") as stored:
        assert Image.open(stored).size == (40, 30)


def test_an_expired_or_forged_token_says_to_attach_the_photo_again(city: City) -> None:
    client = Client()
    token = token_in(client.post("/en/report/", fields(city, description="", photo=photo())).content.decode())
    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        response = client.post("/en/report/", fields(city, pending_photo=token))
    assert response.status_code == 400
    assert response.context["form"].errors["photo"] == [
        "The photo you attached earlier is no longer kept: please attach it again."]
    forged = client.post("/en/report/", fields(city, pending_photo=token[:-2] + "xx"))
    assert forged.status_code == 400 and "attach it again" in forged.context["form"].errors["photo"][0]
    assert not ServiceRequest.objects.exists()


def test_a_forged_token_never_shows_a_photo(city: City) -> None:
    assert Client().get("/en/photos/pending/forged:token/").status_code == 404


def test_the_sweep_removes_expired_pending_photos_and_their_files(city: City, media: Path) -> None:
    Client().post("/en/report/", fields(city, description="", photo=photo()))
    assert PendingPhoto.objects.count() == 1 and [p for p in media.rglob("*") if p.is_file()]
    call_command("sweep_uploads")
    assert PendingPhoto.objects.count() == 1  # still fresh
    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        call_command("sweep_uploads")
    assert not PendingPhoto.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]
