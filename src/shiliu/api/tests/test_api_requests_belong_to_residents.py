"""A request created through REST or Open311 belongs to the resident, never to the API key's
service account: it has no owner (or the signed-in resident), the key is recorded as the client
that carried it, the contact given in the call is kept with follow-up consent, notifications go to
that contact, and the resident can claim it."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from conftest import IN_GRID_A, City
from django.apps import apps
from django.core import mail

from shiliu.api.tests.conftest import anonymous, issue, keyed, post_json
from shiliu.notifications.models import Notification
from shiliu.people.models import User
from shiliu.privacy.models import Purpose
from shiliu.privacy.services import consent_active, resident_sign_up
from shiliu.service_requests.models import Channel, RequestEvent, ServiceRequest
from shiliu.service_requests.services import service_request_claim_confirm, service_request_claim_start
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db

PASSWORD = "石榴-very-long-passphrase"


def rest_body(city: City, **extra: object) -> dict[str, object]:
    return {
        "category": city.other_category.code,
        "description": "楼道灯坏了三天。",
        "consents": ["request_handling", "follow_up_contact"],
        "contact_phone": "13800001234",
        "contact_email": "wang@example.cn",
        **IN_GRID_A,
        **extra,
    }


def open311_post(raw_key: str, city: City, **extra: str) -> Any:
    return anonymous().post(
        "/open311/v2/requests.json",
        {
            "api_key": raw_key,
            "service_code": city.other_category.code,
            "lat": "30.005",
            "long": "104.005",
            "description": "路灯不亮",
            "phone": "13800001234",
            "email": "wang@example.cn",
            **extra,
        },
    )


@pytest.fixture
def resident(db: None) -> User:
    return resident_sign_up(identifier="13912345678", password=PASSWORD, language="zh-hans")


def test_a_rest_request_made_with_a_key_has_no_owner_and_records_the_client(city: City) -> None:
    api_key, raw_key = issue(city.city)

    response = post_json(keyed(raw_key), "/api/v1/requests", rest_body(city))

    assert response.status_code == 201
    sr = ServiceRequest.objects.get()
    assert sr.submitted_by is None and sr.entered_by is None
    assert sr.channel == Channel.API
    submitted = RequestEvent.objects.get(request=sr, action="submit")
    assert submitted.actor == api_key.user  # provenance: the client that carried it
    assert sr.contact_phone == "13800001234" and sr.contact_email == "wang@example.cn"
    assert consent_active(Purpose.FOLLOW_UP_CONTACT, service_request=sr)


def test_an_open311_request_has_no_owner_and_keeps_the_residents_contact(city: City) -> None:
    api_key, raw_key = issue(city.city, name="FixMyStreet")

    response = open311_post(raw_key, city)

    assert response.status_code == 200, response.content
    sr = ServiceRequest.objects.get()
    assert sr.submitted_by is None and sr.channel == Channel.OPEN311
    assert RequestEvent.objects.get(request=sr, action="submit").actor == api_key.user
    assert sr.contact_phone == "13800001234" and sr.contact_email == "wang@example.cn"
    assert consent_active(Purpose.FOLLOW_UP_CONTACT, service_request=sr)


def test_notifications_go_to_the_residents_contact_not_the_service_account(
    city: City, run_tasks: Any
) -> None:
    _api_key, raw_key = issue(city.city, name="FixMyStreet")

    assert open311_post(raw_key, city).status_code == 200
    run_tasks()

    notification = Notification.objects.get()
    assert notification.recipient is None
    assert [m.to for m in mail.outbox] == [["wang@example.cn"]]


def test_the_resident_can_claim_a_request_a_client_made_for_them(
    city: City, resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    _api_key, raw_key = issue(city.city)
    post_json(keyed(raw_key), "/api/v1/requests", rest_body(city))
    sr = ServiceRequest.objects.get()

    service_request_claim_start(actor=resident, service_request=sr)
    [(number, text)] = sms_outbox
    assert number == "13800001234"
    code = re.findall(r"\b\d{6}\b", text)[-1]  # the reference has six digits too
    service_request_claim_confirm(actor=resident, service_request=sr, code=code)

    sr.refresh_from_db()
    assert sr.submitted_by == resident


def test_a_signed_in_resident_owns_what_they_create_through_rest(
    city: City, resident: User
) -> None:
    client = anonymous()
    client.force_login(resident)

    response = post_json(client, "/api/v1/requests", rest_body(city))

    assert response.status_code == 201, response.content
    assert ServiceRequest.objects.get().submitted_by == resident


def test_staff_using_rest_with_their_session_do_not_own_the_request(
    city: City, dispatcher: User, login_staff: Any
) -> None:
    client = anonymous()
    login_staff(client, dispatcher)

    response = post_json(client, "/api/v1/requests", rest_body(city))

    assert response.status_code == 201, response.content
    sr = ServiceRequest.objects.get()
    assert sr.submitted_by is None
    assert RequestEvent.objects.get(request=sr, action="submit").actor == dispatcher


def test_the_migration_frees_requests_owned_by_service_accounts(
    city: City, resident: User
) -> None:
    api_key, _raw = issue(city.city)
    by_key = submit(city.other_category, channel=Channel.OPEN311)
    by_resident = submit(city.other_category, actor=resident)
    ServiceRequest.objects.filter(pk=by_key.pk).update(submitted_by=api_key.user)
    Notification.objects.filter(request=by_key).update(recipient=api_key.user)

    migration = importlib.import_module("shiliu.api.migrations.0004_requests_not_owned_by_keys")
    migration.free_requests(apps, None)

    by_key.refresh_from_db()
    by_resident.refresh_from_db()
    assert by_key.submitted_by is None
    assert by_resident.submitted_by == resident
    assert not Notification.objects.filter(recipient=api_key.user).exists()
