"""The Tencent Cloud SMS adapter, through the official SDK, against a stub of the provider's API
on this machine (a threaded HTTP server; the SDK's endpoint pointed at it over http): the call
the SDK sends (action, signature, phone, application, signature name, template, params), and the
provider's refusals (a bad number, its frequency limits, a wrong key) as domain errors, which the
residents' pages and REST answer with a sentence, never a 500."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import translation

from shiliu.core import errors
from shiliu.core.sms import Kind, SmsBadNumber, SmsFailed, SmsThrottled, send_sms
from shiliu.core.sms_tencent import TencentSmsSender, e164

OK = {"Response": {"SendStatusSet": [{"SerialNo": "5000:1045710669157053657849499619", "PhoneNumber": "+8613912345678",
                                      "Fee": 1, "SessionContext": "", "Code": "Ok", "Message": "send success",
                                      "IsoCode": "CN"}], "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279"}}


def status_answer(code: str, message: str) -> dict[str, Any]:
    """A refusal for the one number, as SendStatusSet carries it (HTTP 200)."""
    return {"Response": {"SendStatusSet": [{"SerialNo": "", "PhoneNumber": "+8613912345678", "Fee": 0,
                                            "SessionContext": "", "Code": code, "Message": message,
                                            "IsoCode": "CN"}], "RequestId": "b1c2"}}


def error_answer(code: str, message: str) -> dict[str, Any]:
    """A refusal of the whole call (Response.Error)."""
    return {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "c3d4"}}


@dataclass
class Stub:
    server: ThreadingHTTPServer
    answer: dict[str, Any] = field(default_factory=lambda: OK)
    received: list[dict[str, Any]] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"


@pytest.fixture
def stub() -> Iterator[Stub]:
    holder: dict[str, Stub] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            holder["stub"].received.append({"headers": dict(self.headers), "body": json.loads(body)})
            answer = json.dumps(holder["stub"].answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["stub"] = Stub(server=server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder["stub"]
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def tencent(settings: Any, stub: Stub) -> Stub:
    settings.SHILIU_SMS_SENDER = "shiliu.core.sms_tencent.TencentSmsSender"
    settings.SHILIU_SMS_TENCENT = {
        "secret_id": "AKIDtest", "secret_key": "test-secret", "sdk_app_id": "1400000001",
        "sign_name": "石榴社区", "region": "ap-guangzhou", "endpoint": stub.endpoint, "scheme": "http",
        "timeout": 5,
        "templates": {"sign_in_code": "100001", "sign_in_code:ug": "100002", "claim_code": "100003"},
    }
    return stub


def test_the_sdk_sends_the_phone_template_and_params(tencent: Stub) -> None:
    send_sms("139 1234 5678", "Your Shiliu sign-in code is 123456.", kind=Kind.SIGN_IN_CODE,
             params=("123456", 10), language="zh-hans")
    [call] = tencent.received
    assert call["headers"]["X-TC-Action"] == "SendSms" and call["headers"]["X-TC-Version"] == "2021-01-11"
    assert call["headers"]["Authorization"].startswith("TC3-HMAC-SHA256 Credential=AKIDtest/")
    assert "test-secret" not in json.dumps(call)
    assert call["body"] == {"PhoneNumberSet": ["+8613912345678"], "SmsSdkAppId": "1400000001",
                            "SignName": "石榴社区", "TemplateId": "100001", "TemplateParamSet": ["123456", "10"]}


def test_a_template_per_language_is_chosen_when_configured(tencent: Stub) -> None:
    send_sms("13912345678", "…", kind=Kind.SIGN_IN_CODE, params=("654321", 10), language="ug")
    send_sms("13912345678", "…", kind=Kind.CLAIM_CODE, params=("SL-2026-000001", "111111", 10), language="ug")
    assert [c["body"]["TemplateId"] for c in tencent.received] == ["100002", "100003"]


@pytest.mark.parametrize(("answer", "refusal", "status"), [
    (status_answer("InvalidParameterValue.IncorrectPhoneNumber", "incorrect phone number"), SmsBadNumber, 400),
    (status_answer("FailedOperation.PhoneNumberInBlacklist", "blacklist"), SmsBadNumber, 400),
    (status_answer("LimitExceeded.PhoneNumberThirtySecondLimit", "30s limit"), SmsThrottled, 503),
    (status_answer("LimitExceeded.PhoneNumberDailyLimit", "daily limit"), SmsThrottled, 503),
    (error_answer("LimitExceeded.DeliveryFrequencyLimit", "frequency"), SmsThrottled, 503),
    (error_answer("AuthFailure.SignatureFailure", "signature"), SmsFailed, 503),
    (error_answer("FailedOperation.TemplateIncorrectOrUnapproved", "template"), SmsFailed, 503),
])
def test_the_providers_refusals_are_domain_errors(
    tencent: Stub, answer: dict[str, Any], refusal: type[errors.DomainError], status: int
) -> None:
    tencent.answer = answer
    with pytest.raises(refusal) as raised:
        send_sms("13912345678", "…", kind=Kind.SIGN_IN_CODE, params=("123456", 10))
    assert errors.status_for(raised.value) == status and raised.value.message


def test_an_unreachable_gateway_or_a_kind_without_a_template_is_a_delivery_failure(
    tencent: Stub, settings: Any
) -> None:
    with pytest.raises(SmsFailed):
        send_sms("13912345678", "…", kind=Kind.NOTIFICATION, params=("SL-2026-000001", "…"))
    assert not tencent.received  # nothing sent without a template
    settings.SHILIU_SMS_TENCENT = {**settings.SHILIU_SMS_TENCENT, "endpoint": "127.0.0.1:9"}  # nobody listens
    with pytest.raises(SmsFailed):
        send_sms("13912345678", "…", kind=Kind.SIGN_IN_CODE, params=("123456", 10))


def test_missing_keys_are_a_configuration_error(settings: Any) -> None:
    settings.SHILIU_SMS_TENCENT = {"secret_id": "", "secret_key": "k", "sdk_app_id": "1400000001", "sign_name": "",
                                   "region": "ap-guangzhou", "endpoint": "", "scheme": "https", "timeout": 5,
                                   "templates": {}}
    with pytest.raises(ImproperlyConfigured, match="SHILIU_SMS_TENCENT_SECRET_ID, SHILIU_SMS_TENCENT_SIGN_NAME"):
        TencentSmsSender()


def test_numbers_are_sent_in_international_form() -> None:
    assert [e164(n) for n in ("13912345678", "8613912345678", "+85291234567")] == [
        "+8613912345678", "+8613912345678", "+85291234567"]


@pytest.mark.django_db
def test_a_sign_in_code_the_provider_refuses_gets_a_sentence_not_a_500(tencent: Stub) -> None:
    from shiliu.privacy.services import resident_sign_up

    resident_sign_up(identifier="13912345678", password="石榴-very-long-passphrase", language="en")
    tencent.answer = status_answer("LimitExceeded.PhoneNumberOneHourLimit", "1h limit")
    with translation.override("en"):
        page = Client().post("/en/me/sign-in/code/", {"identifier": "13912345678"})
    assert page.status_code == 503 and "Too many text messages" in page.content.decode()
    tencent.answer = status_answer("InvalidParameterValue.IncorrectPhoneNumber", "incorrect")
    api = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").post(
        "/api/v1/residents/sign-in/code", {"identifier": "13912345678"}, content_type="application/json")
    assert api.status_code == 400 and api.json()["code"] == "sms_bad_number"
    assert "短信" in api.json()["message"]
    # The template's params reached the provider: the code and its minutes.
    assert [c["body"]["TemplateId"] for c in tencent.received] == ["100001", "100001"]
    code, minutes = tencent.received[0]["body"]["TemplateParamSet"]
    assert len(code) == 6 and code.isdigit() and minutes == "10"
