"""A photo's file is written only when the request that holds it is committed: an intake that
rolls back, or the losers of a retry storm, leave no file behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import City, run_at_once
from django.db import connection, transaction

from shiliu.service_requests.models import Attachment, ServiceRequest
from shiliu.service_requests.tests.journeys import submit
from shiliu.service_requests.tests.photos import jpeg_bytes, photo


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


class Abandoned(Exception):
    pass


@pytest.mark.django_db
def test_a_rolled_back_intake_leaves_no_file(city: City, media: Path, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandoned), transaction.atomic():
        submit(city.other_category, photos=[photo()])
        raise Abandoned
    assert not ServiceRequest.objects.exists()
    assert files_in(media) == []


@pytest.mark.django_db
def test_a_committed_intake_writes_exactly_its_file(
    city: City, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(city.other_category, photos=[photo()])
    assert [str(p.relative_to(media)) for p in files_in(media)] == [request.attachments.get().image.name]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("published_notices")
def test_a_retry_storm_of_open311_posts_with_a_photo_leaves_one_file(city: City, media: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: PostgreSQL")
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from shiliu.api.tests.conftest import issue

    _, raw_key = issue(city.city)
    content = jpeg_bytes()
    count = 10

    def post() -> int:
        upload = SimpleUploadedFile("p.jpg", content, content_type="image/jpeg")
        response = Client().post("/open311/v2/requests.json", {
            "api_key": raw_key, "service_code": "street-lights", "lat": "30.005", "long": "104.005",
            "description": "路灯坏了", "media": upload}, HTTP_IDEMPOTENCY_KEY="storm-with-photo")
        return response.status_code

    statuses = run_at_once(count, post)
    assert statuses == [200] * count
    assert ServiceRequest.objects.count() == 1 and Attachment.objects.count() == 1
    assert [str(p.relative_to(media)) for p in files_in(media)] == [Attachment.objects.get().image.name]
