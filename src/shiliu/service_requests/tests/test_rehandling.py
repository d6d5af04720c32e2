"""After an unsatisfied rating the request is handled again (重办): the resident is told by whom and
until when, the old reply no longer stands as the answer, and the handler sees it marked 重办 in
the queue and on the detail page, with the resident's comment and the fresh deadline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from conftest import City
from django.test import Client
from django.urls import reverse
from django.utils import translation

from shiliu.notifications.models import Notification
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import NOW, SHANGHAI, Walk
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db

# Rated on Wednesday 11 March 2026; five working days: due at the close of Wednesday 18 March.
RATED_AT = datetime(2026, 3, 11, 15, 0, tzinfo=SHANGHAI)
COMMENT = "灯还是不亮"


@pytest.fixture
def rehandled(walk: Walk, city: City, django_capture_on_commit_callbacks: Any) -> ServiceRequest:
    city.housing.name_translations = {"en": "District Housing Bureau"}
    city.housing.save()
    with time_machine.travel(NOW, tick=False):
        request = walk.to(Status.RESOLVED)
    with time_machine.travel(RATED_AT, tick=False), translation.override("en"), \
            django_capture_on_commit_callbacks(execute=True):  # the resident is told on commit
        path = reverse("service_requests:portal-track", args=[request.tracking_token])
        response = Client().post(path, {"rating": "2", "solved": "no", "comment": COMMENT})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    return request


def test_the_resident_is_told_who_handles_it_again_and_by_when(rehandled: ServiceRequest) -> None:
    with time_machine.travel(RATED_AT, tick=False), translation.override("en"):
        page = Client().get(reverse("service_requests:portal-track", args=[rehandled.tracking_token]))
    html = page.content.decode()
    assert "rehandling" in html
    assert "District Housing Bureau" in html and "2026-03-19 00:00" in html
    # the old reply no longer stands as the answer
    assert 'class="card reply"' not in html


def test_the_resident_gets_a_message_saying_so(rehandled: ServiceRequest) -> None:
    message = Notification.objects.get(request=rehandled, kind="reopened")
    assert "区住建局" in message.body and "2026-03-19 00:00" in message.body


def test_the_handler_sees_it_marked_for_re_handling_with_the_comment_and_deadline(
    rehandled: ServiceRequest, handler: User
) -> None:
    client = login_staff(Client(), handler)
    with time_machine.travel(RATED_AT, tick=False):
        queue = client.get(reverse("service_requests:workbench")).content.decode()
        detail = client.get(reverse("service_requests:workbench-detail", args=[rehandled.reference])).content.decode()
    row = queue[queue.index(rehandled.reference):]
    assert "flag rehandling" in row[: row.index("</tr>")]
    notice = detail[detail.index('class="notice rehandling"'):]
    assert COMMENT in notice[: notice.index("</p>")] and "2026-03-19" in notice[: notice.index("</p>")]
