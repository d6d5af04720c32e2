"""Claiming a request into a resident's account needs more than its private link: a one-time
code sent to the request's contact phone, or a staff member in scope confirming it. Until then
the resident's export holds nothing of the request."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db

CONTACT = "13812341234"
PASSWORD = "石榴-very-long-passphrase"


@pytest.fixture
def resident(db: None) -> User:
    return resident_sign_up(identifier="13911112222", password=PASSWORD, language="en")


@pytest.fixture
def reported(city: Any) -> ServiceRequest:
    return submit(city.category, contact_phone=CONTACT, contact_name="王阿姨", address="团结路12号3栋")


def signed_in(user: User) -> Client:
    client = Client()
    assert client.post("/en/me/sign-in/", {"identifier": "13911112222", "password": PASSWORD}).status_code == 302
    return client


def claim(client: Client, sr: ServiceRequest) -> Any:
    return client.post(reverse("service_requests:portal-claim", args=[sr.tracking_token]))


def confirm(client: Client, sr: ServiceRequest, code: str) -> Any:
    return client.post(reverse("service_requests:portal-claim-confirm", args=[sr.tracking_token]), {"code": code})


def code_sent(outbox: list[tuple[str, str]]) -> str:
    number, text = outbox[-1]
    assert number == CONTACT
    return re.findall(r"\b(\d{6})\b", text)[-1]  # the last one: the reference has six digits too


def other(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def export(client: Client) -> str:
    return client.get(reverse("privacy:resident-export", args=["json"])).content.decode()


def test_before_a_claim_succeeds_the_export_holds_nothing_of_the_request(
    reported: ServiceRequest, resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    client = signed_in(resident)
    response = claim(client, reported)
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.submitted_by is None
    data = export(client)
    assert json.loads(data)["requests"] == []
    for secret in (reported.reference, CONTACT, "王阿姨", "团结路12号3栋"):
        assert secret not in data


def test_the_code_sent_to_the_contact_phone_adds_the_request(
    reported: ServiceRequest, resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    client = signed_in(resident)
    claim(client, reported)
    page = client.get(reverse("service_requests:portal-claim-confirm", args=[reported.tracking_token]))
    assert page.status_code == 200 and "138****1234" in page.content.decode()
    assert CONTACT not in page.content.decode()
    response = confirm(client, reported, code_sent(sms_outbox))
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.submitted_by == resident
    assert CONTACT in export(client)
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE, target_id=str(reported.pk)).last()
    assert event is not None and event.detail["claimed"] == "code"


def test_a_wrong_code_is_refused_and_the_tries_are_limited(
    reported: ServiceRequest, resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    client = signed_in(resident)
    claim(client, reported)
    code = code_sent(sms_outbox)
    wrong = confirm(client, reported, other(code))
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    for _ in range(4):
        confirm(client, reported, other(code))
    late = confirm(client, reported, code)
    assert late.status_code == 400 and "Ask for a new code" in late.content.decode()
    reported.refresh_from_db()
    assert reported.submitted_by is None


def test_a_code_for_another_request_is_refused(
    city: Any, reported: ServiceRequest, resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    second = submit(city.category, contact_phone=CONTACT)
    client = signed_in(resident)
    claim(client, reported)
    code_for_first = code_sent(sms_outbox)
    claim(client, second)
    if code_sent(sms_outbox) == code_for_first:
        pytest.skip("the two random codes happen to be equal")
    assert confirm(client, second, code_for_first).status_code == 400
    second.refresh_from_db()
    assert second.submitted_by is None


def test_someone_elses_code_does_not_work_for_another_account(
    reported: ServiceRequest, resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    client = signed_in(resident)
    claim(client, reported)
    code = code_sent(sms_outbox)
    intruder = resident_sign_up(identifier="13933334444", password=PASSWORD, language="en")
    intruder_client = Client()
    intruder_client.post("/en/me/sign-in/", {"identifier": "13933334444", "password": PASSWORD})
    assert confirm(intruder_client, reported, code).status_code == 400
    reported.refresh_from_db()
    assert reported.submitted_by != intruder


def test_a_request_without_a_phone_is_claimed_only_through_staff(
    city: Any, resident: User, dispatcher: User, other_grid_worker: User,
    sms_outbox: list[tuple[str, str]],
) -> None:
    sr = submit(city.category)
    client = signed_in(resident)
    response = claim(client, sr)
    assert response.status_code == 302 and sms_outbox == []
    page = client.get(sr.tracking_path()).content.decode()
    assert "staff" in page.lower()
    assert confirm(client, sr, "123456").status_code == 400
    sr.refresh_from_db()
    assert sr.submitted_by is None

    staff = login_staff(Client(), dispatcher)
    detail = staff.get(reverse("service_requests:workbench-detail", args=[sr.reference])).content.decode()
    [claim_id] = re.findall(r"/claims/(\d+)/confirm/", detail)
    url = reverse("service_requests:workbench-claim-confirm", args=[sr.reference, claim_id])
    outsider = login_staff(Client(), other_grid_worker)
    assert outsider.post(url).status_code == 404
    assert staff.post(url).status_code == 302
    sr.refresh_from_db()
    assert sr.submitted_by == resident
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE, target_id=str(sr.pk)).last()
    assert event is not None and event.actor_id == dispatcher.pk and event.detail["claimed"] == "staff"
