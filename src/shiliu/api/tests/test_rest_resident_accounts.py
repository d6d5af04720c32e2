"""Residents' accounts over REST: a code to the phone or e-mail, the session it opens, and the
account page as data (GET /api/v1/residents/me), with errors as stable codes in the caller's
language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
CODE = "/api/v1/residents/sign-in/code"
VERIFY = "/api/v1/residents/sign-in/verify"
ME = "/api/v1/residents/me"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def sent_code(sms_outbox: list[tuple[str, str]]) -> str:
    return re.search(r"\b\d{6}\b", sms_outbox[-1][1]).group(0)  # type: ignore[union-attr]


@pytest.fixture
def resident(db: None) -> User:
    return resident_sign_up(identifier=PHONE, password="石榴-very-long-passphrase", language="en")


def test_a_resident_signs_in_by_phone_and_reads_their_account(
    city: Any, resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    mine = submit(city.category, actor=resident, contact_phone=PHONE)
    submit(city.category)  # someone else's
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answer = post(client, CODE, {"identifier": "+86 139 1234 5678"})
    assert answer.status_code == 202
    assert answer.json()["sent"] is True and answer.json()["expires_in"] == 600
    signed_in = post(client, VERIFY, {"identifier": PHONE, "code": sent_code(sms_outbox)})
    assert signed_in.status_code == 200
    assert signed_in.json() == {"signed_in": True, "preferred_language": "en"}
    assert "sessionid" in signed_in.cookies

    me = client.get(ME)
    assert me.status_code == 200
    body = me.json()
    assert body["phone"] == "139****5678" and body["email"] == ""
    [requests] = [s for s in body["sections"] if s["key"] == "requests"]
    [item] = requests["items"]
    assert item["reference"] == mine.reference and item["url"] == mine.tracking_path()
    assert item["status"] and item["title"] == str(city.category)
    assert {c["purpose"] for c in body["consents"]} == {"request_handling", "follow_up_contact"}
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, actor=resident, detail__factor="code").exists()


def test_a_resident_signs_in_by_e_mail(db: None) -> None:
    resident_sign_up(identifier="ayi@example.org", password="石榴-very-long-passphrase", language="ug")
    client = Client()
    assert post(client, CODE, {"identifier": "ayi@example.org"}).status_code == 202
    code = re.search(r"\b\d{6}\b", mail.outbox[-1].body).group(0)  # type: ignore[union-attr]
    signed_in = post(client, VERIFY, {"identifier": "AYI@example.org", "code": code})
    assert signed_in.status_code == 200 and signed_in.json()["preferred_language"] == "ug"
    me = client.get(ME).json()
    assert me["email"] == "a**@example.org"
    [requests] = [s for s in me["sections"] if s["key"] == "requests"]
    assert requests["items"] == [] and requests["empty"]


def test_an_unknown_number_gets_the_same_answer(resident: User, sms_outbox: list[tuple[str, str]]) -> None:
    known = post(Client(), CODE, {"identifier": PHONE})
    unknown = post(Client(), CODE, {"identifier": "13800000000"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    wrong = post(Client(), VERIFY, {"identifier": "13800000000", "code": "123456"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_code"


def test_errors_have_stable_codes_in_the_callers_language(
    resident: User, sms_outbox: list[tuple[str, str]], settings: Any
) -> None:
    settings.SHILIU_LOCKOUT_FAILURES = 3
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    post(client, CODE, {"identifier": PHONE})
    code = sent_code(sms_outbox)
    wrong = "000000" if code != "000000" else "111111"
    answers = [post(client, VERIFY, {"identifier": PHONE, "code": wrong}) for _ in range(3)]
    assert [a.status_code for a in answers] == [400, 400, 429]
    assert answers[0].json()["code"] == "wrong_code" and "验证码" in answers[0].json()["message"]
    assert answers[2].json()["code"] == "locked_out" and answers[2]["Retry-After"]
    assert answers[2]["Content-Type"].startswith("application/json")  # not axes' HTML page
    locked = post(client, VERIFY, {"identifier": PHONE, "code": code})
    assert locked.status_code == 429 and locked.json()["code"] == "locked_out"
    bad = post(client, CODE, {"identifier": "12345"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_input"
    assert client.get(ME).status_code == 401


def test_the_code_endpoint_is_rate_limited(db: None, settings: Any) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "sign_in_code_identity": "1/hour"}
    assert post(Client(), CODE, {"identifier": PHONE}).status_code == 202
    limited = post(Client(), CODE, {"identifier": PHONE})
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited" and limited["Retry-After"]


def test_me_is_for_residents_only(city: Any, dispatcher: User, login_staff: Any) -> None:
    anonymous = Client().get(ME)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"
    staff = Client()
    login_staff(staff, dispatcher)
    assert staff.get(ME).status_code == 401


def test_the_endpoints_are_in_the_openapi_document_with_named_schemas(db: None) -> None:
    document = Client().get("/api/openapi.json").json()
    paths = document["paths"]
    code_op = paths["/api/v1/residents/sign-in/code"]["post"]
    assert code_op["operationId"] == "resident_sign_in_code"
    assert code_op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("ResidentSignInCodeIn")
    assert paths["/api/v1/residents/sign-in/verify"]["post"]["responses"]["200"]["content"][
        "application/json"]["schema"]["$ref"].endswith("ResidentSignedInOut")
    assert paths["/api/v1/residents/me"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]["$ref"].endswith("ResidentMeOut")
    assert {"ResidentItemOut", "ResidentSectionOut", "ResidentConsentOut"} <= set(document["components"]["schemas"])
