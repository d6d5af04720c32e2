"""The whole loop through HTTP: a resident reports, a dispatcher accepts and dispatches, the
department signs for it and replies, the resident rates it, and it is closed."""

from __future__ import annotations

import re

import pytest
from conftest import IN_GRID_A, City
from django.test import Client
from django.urls import reverse

from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    return login_staff(Client(), user)


def test_resident_request_goes_from_portal_to_closed_through_http(
    city: City, dispatcher: User, handler: User
) -> None:
    # Given a resident on the portal
    resident = Client()
    form_page = resident.get(reverse("service_requests:portal-submit"))
    assert form_page.status_code == 200
    assert "物业维修" in form_page.content.decode()

    # When they report a leaking pipe inside grid A
    response = resident.post(
        reverse("service_requests:portal-submit"),
        {"category": city.category.pk, "request_type": "help",
         "description": "3栋2单元楼顶水管漏水，已经两天了。", "contact_phone": "13812341234",
         "consent_handling": "on", "consent_follow_up": "on",
         "latitude": IN_GRID_A["latitude"], "longitude": IN_GRID_A["longitude"]},
        follow=True,
    )
    # Then they land on the private tracking page with a reference number
    assert response.status_code == 200
    page = response.content.decode()
    reference = re.search(r"SL-\d{4}-\d{6}", page).group(0)  # type: ignore[union-attr]
    tracking_url = response.redirect_chain[-1][0]
    sr = ServiceRequest.objects.get(reference=reference)
    assert sr.jurisdiction == city.grid_a and sr.routed_unit == city.housing
    assert sr.status == Status.SUBMITTED

    # The dispatcher accepts and dispatches to the routed department
    staff = signed_in(dispatcher)
    assert reference in staff.get(reverse("service_requests:workbench")).content.decode()
    detail_url = reverse("service_requests:workbench-detail", args=[reference])
    assert "138****1234" in staff.get(detail_url).content.decode()
    act = lambda client, verb, data=None: client.post(  # noqa: E731
        reverse("service_requests:workbench-act", args=[reference, verb]),
        {f"{verb}-{k}": v for k, v in (data or {}).items()},
    )
    assert act(staff, "accept").status_code == 302
    assert act(staff, "dispatch", {"unit": city.housing.pk}).status_code == 302

    # The department handler signs for it and replies
    department = signed_in(handler)
    assert act(department, "sign").status_code == 302
    assert act(department, "resolve", {"reply": "已联系物业更换水管，漏水已修复。"}).status_code == 302
    sr.refresh_from_db()
    assert sr.status == Status.RESOLVED

    # The resident sees the reply and rates it "very satisfied"
    tracking = resident.get(tracking_url).content.decode()
    assert "已联系物业更换水管" in tracking
    rated = resident.post(tracking_url, {"rating": 5, "solved": "yes", "comment": "很快"}, follow=True)
    assert rated.status_code == 200
    sr.refresh_from_db()
    assert sr.status == Status.CLOSED and sr.rating == 5 and sr.solved is True
    assert list(sr.events.values_list("action", flat=True)) == [
        "submit", "accept", "dispatch", "sign", "resolve", "rate"
    ]


def test_refused_action_through_http_is_a_clear_message_not_a_500(
    city: City, dispatcher: User, handler: User
) -> None:
    resident = Client()
    resident.post(reverse("service_requests:portal-submit"),
                  {"category": city.category.pk, "request_type": "help", "description": "路面塌陷",
                   "consent_handling": "on",
                   "address": "团结路 12 号", "community": city.community.pk})
    sr = ServiceRequest.objects.get()
    staff = signed_in(dispatcher)
    # Resolving a request that was never dispatched is refused with the reason
    response = staff.post(reverse("service_requests:workbench-act", args=[sr.reference, "resolve"]),
                          {"resolve-reply": "已处理"})
    assert response.status_code in (403, 409)
    assert "不" in response.content.decode() or "not" in response.content.decode()
    sr.refresh_from_db()
    assert sr.status == Status.SUBMITTED
    # A blank return reason is a form error, not a 500
    response = staff.post(reverse("service_requests:workbench-act", args=[sr.reference, "decline"]),
                          {"decline-reason": "  "})
    assert response.status_code == 400


def test_resident_cannot_rate_before_the_reply(city: City) -> None:
    resident = Client()
    resident.post(reverse("service_requests:portal-submit"),
                  {"category": city.category.pk, "request_type": "help", "description": "噪音扰民",
                   "consent_handling": "on",
                   "address": "团结路 1 号"})
    sr = ServiceRequest.objects.get()
    response = resident.post(sr.tracking_path(), {"rating": 5}, follow=True)
    assert response.status_code == 200
    sr.refresh_from_db()
    assert sr.status == Status.SUBMITTED and sr.rating is None


def test_unknown_tracking_token_is_404(db: None) -> None:
    assert Client().get(reverse("service_requests:portal-track", args=["nope"])).status_code == 404
