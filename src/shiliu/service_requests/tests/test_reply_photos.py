"""The handler's reply can carry a photo (the "after" picture): attached to the resolve action,
through the same image check, shown to the resident on the tracking page and to staff on the
detail page, through the policy views. The resolve form keeps its field names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import workflow
from shiliu.service_requests.models import Attachment, ServiceRequest
from shiliu.service_requests.tests.journeys import Walk, submit
from shiliu.service_requests.tests.photos import bomb, photo
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def in_progress(walk: Walk, django_capture_on_commit_callbacks: Any) -> ServiceRequest:
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(walk.category, photos=[photo("before.jpg")])
    return walk.to(Status.IN_PROGRESS, request)


def resolve_url(request: ServiceRequest) -> str:
    return reverse("service_requests:workbench-act", args=[request.reference, "resolve"])


def test_the_reply_carries_a_photo_shown_to_the_resident_and_to_staff(
    in_progress: ServiceRequest, handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = login_staff(Client(), handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resolve_url(in_progress),
                               {"resolve-reply": "灯已修好。", "resolve-photo": photo("after.jpg")})
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.status == Status.RESOLVED
    after = in_progress.attachments.get(kind=Attachment.Kind.REPLY)
    before = in_progress.attachments.get(kind=Attachment.Kind.REQUEST)

    track = Client().get(in_progress.tracking_path()).content.decode()
    reply_section = track[track.index('class="card reply"'):]
    after_url = reverse("service_requests:portal-photo", args=[in_progress.tracking_token, after.pk])
    assert after_url in reply_section
    assert Client().get(after_url).status_code == 200

    detail = client.get(reverse("service_requests:workbench-detail", args=[in_progress.reference])).content.decode()
    assert reverse("service_requests:workbench-photo", args=[after.pk]) in detail
    assert reverse("service_requests:workbench-photo", args=[before.pk]) in detail
    assert client.get(reverse("service_requests:workbench-photo", args=[after.pk])).status_code == 200


def test_a_reply_photo_passes_the_same_image_check(in_progress: ServiceRequest, handler: User) -> None:
    client = login_staff(Client(), handler)
    response = client.post("/en" + resolve_url(in_progress).removeprefix("/zh-hans"),
                           {"resolve-reply": "灯已修好。", "resolve-photo": bomb()})
    assert response.status_code == 400
    assert "too many pixels" in response.content.decode()
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS
    assert not in_progress.attachments.filter(kind=Attachment.Kind.REPLY).exists()


def test_a_reply_without_photo_still_resolves(in_progress: ServiceRequest, handler: User) -> None:
    response = login_staff(Client(), handler).post(resolve_url(in_progress), {"resolve-reply": "已处理"})
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.status == Status.RESOLVED


def test_a_refused_resolve_attaches_nothing(in_progress: ServiceRequest, handler: User) -> None:
    workflow.resolve(in_progress, actor=handler, reply="已处理")
    stale = ServiceRequest.objects.get(pk=in_progress.pk)
    with pytest.raises(workflow.WorkflowError):
        workflow.resolve(stale, actor=handler, reply="再答复", photos=[photo()])
    assert not in_progress.attachments.filter(kind=Attachment.Kind.REPLY).exists()


def test_open311_media_url_is_the_reported_photo_never_the_reply(
    walk: Walk, handler: User, city: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from shiliu.api.tests.conftest import issue

    request = walk.to(Status.IN_PROGRESS, submit(walk.category))  # reported without a photo
    with django_capture_on_commit_callbacks(execute=True):
        workflow.resolve(request, actor=handler, reply="已处理", photos=[photo()])
    assert request.attachments.filter(kind=Attachment.Kind.REPLY).count() == 1
    _, raw_key = issue(city.city)
    item = Client().get(f"/open311/v2/requests/{request.reference}.json", {"api_key": raw_key}).json()[0]
    assert item["media_url"] is None


def test_the_reply_photo_is_kept_when_the_resolve_form_comes_back(
    in_progress: ServiceRequest, handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    import re

    client = login_staff(Client(), handler)
    first = client.post(resolve_url(in_progress), {"resolve-reply": "", "resolve-photo": photo("after.jpg")})
    assert first.status_code == 400
    html = first.content.decode()
    token = re.search(r'<input type="hidden" name="resolve-pending_photo" value="([^"]+)"', html)
    assert token, "the photo is kept for the next try"
    assert 'class="thumb pending-photo"' in html
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(resolve_url(in_progress), {"resolve-reply": "灯已修好。",
                                                         "resolve-pending_photo": token.group(1)})
    assert second.status_code == 302
    assert in_progress.attachments.filter(kind=Attachment.Kind.REPLY).count() == 1
