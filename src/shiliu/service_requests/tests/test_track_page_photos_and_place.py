"""The resident's tracking page shows what they sent: their photo, through the policy view, and
the place they gave (the place name, the address masked, the point they marked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse

from shiliu.service_requests.tests.journeys import submit
from shiliu.service_requests.tests.photos import photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_the_tracking_page_shows_the_residents_photo_and_place(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(city.other_category, photos=[photo()], address="团结路 12 号 3 栋")
    attachment = request.attachments.get()
    client = Client()
    page = client.get("/en" + request.tracking_path().removeprefix("/zh-hans")).content.decode()
    photo_url = reverse("service_requests:portal-photo", args=[request.tracking_token, attachment.pk])
    assert f'src="{photo_url}"' in page
    assert client.get(photo_url).status_code == 200
    assert "第一网格" in page  # the place it was placed in
    assert "团结路***" in page and "12 号" not in page  # the address, masked as everywhere
    assert 'href="geo:30.005000,104.005000"' in page  # the point, for the phone's map app


def test_a_request_without_photo_or_point_shows_neither(city: City) -> None:
    request = submit(city.other_category, at={}, unit=city.community)
    page = Client().get(request.tracking_path()).content.decode()
    assert "/photos/" not in page and "geo:" not in page
    assert "同心社区" in page
