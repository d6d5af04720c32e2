"""Text messages through Tencent Cloud SMS (腾讯云短信), with its official Python SDK.

    SHILIU_SMS_SENDER=shiliu.core.sms_tencent.TencentSmsSender

Configured by settings.SHILIU_SMS_TENCENT (from SHILIU_SMS_TENCENT_* in the environment; the
README's "Text messages" says which): the API key pair, the SMS application (SdkAppId), the
approved signature (签名) and one approved template (模板) per kind of message (`core.sms.Kind`),
optionally one per language as "kind:ug". The provider sends only approved templates, so the
message's text is never sent: its `params` fill the template's {1}, {2}, … in order.

Refusals become the domain errors of `core.sms`, so every channel answers with a sentence and a
status instead of a 500: a number the provider cannot reach → `SmsBadNumber` (400), the
provider's frequency limits → `SmsThrottled` (503), anything else (a missing template, a wrong
key, the network) → `SmsFailed` (503). The log names the provider's code and request ID, never
the number or the text.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from shiliu.core.sms import SmsBadNumber, SmsFailed, SmsMessage, SmsNotSent, SmsThrottled, masked

logger = logging.getLogger("shiliu.sms")

REQUIRED = ("secret_id", "secret_key", "sdk_app_id", "sign_name")
# The provider's codes (SendStatus.Code, or Error.Code for the whole call) for a number it
# cannot reach; every "LimitExceeded.*" is a frequency limit.
BAD_NUMBER_CODES = frozenset({
    "InvalidParameterValue.IncorrectPhoneNumber",
    "FailedOperation.PhoneNumberInBlacklist",
    "FailedOperation.PhoneNumberParseFail",
    "UnsupportedOperation.UnsupportedRegion",
    "UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone",
    "UnsupportedOperation.GlobalTemplateToChineseMainlandPhone",
})
THROTTLED_PREFIX = "LimitExceeded."


def config() -> dict[str, Any]:
    conf = dict(settings.SHILIU_SMS_TENCENT)
    missing = [name for name in REQUIRED if not conf.get(name)]
    if missing:
        raise ImproperlyConfigured(
            "Tencent Cloud SMS needs " + ", ".join(f"SHILIU_SMS_TENCENT_{n.upper()}" for n in missing))
    return conf


def e164(number: str) -> str:
    """An 11-digit mainland mobile number as +86…; a number given with its country code is kept."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if digits.startswith("+"):
        return digits
    if digits.startswith("86") and len(digits) == 13:
        return "+" + digits
    return "+86" + digits


def refusal(code: str) -> SmsNotSent:
    if code in BAD_NUMBER_CODES:
        return SmsBadNumber()
    if code.startswith(THROTTLED_PREFIX):
        return SmsThrottled()
    return SmsFailed()


class TencentSmsSender:
    """`send_message` through SendSms (API version 2021-01-11)."""

    def __init__(self) -> None:
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import sms_client

        self.conf = config()
        http = HttpProfile(protocol=self.conf["scheme"], endpoint=self.conf["endpoint"],
                           reqTimeout=int(self.conf["timeout"]))
        self.client = sms_client.SmsClient(
            credential.Credential(self.conf["secret_id"], self.conf["secret_key"]),
            self.conf["region"], ClientProfile(httpProfile=http),
        )

    def template_for(self, message: SmsMessage) -> str:
        templates: dict[str, str] = self.conf.get("templates") or {}
        template = templates.get(f"{message.kind}:{message.language}") or templates.get(message.kind)
        if not template:
            logger.error("SMS (%s): no Tencent Cloud template configured for this kind", message.kind)
            raise SmsFailed()
        return template

    def send_message(self, message: SmsMessage) -> None:
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
        from tencentcloud.sms.v20210111 import models

        request = models.SendSmsRequest()
        request.PhoneNumberSet = [e164(message.number)]
        request.SmsSdkAppId = str(self.conf["sdk_app_id"])
        request.SignName = str(self.conf["sign_name"])
        request.TemplateId = self.template_for(message)
        request.TemplateParamSet = list(message.params)
        try:
            response = self.client.SendSms(request)
        except TencentCloudSDKException as error:
            logger.warning("SMS (%s) to %s refused: %s (request %s)", message.kind, masked(message.number),
                           error.get_code(), error.get_request_id())
            raise refusal(str(error.get_code() or "")) from None
        statuses = list(response.SendStatusSet or [])
        status = statuses[0] if statuses else None
        code = str(getattr(status, "Code", "") or "")
        if code.lower() != "ok":
            logger.warning("SMS (%s) to %s refused: %s (request %s)", message.kind, masked(message.number),
                           code or "no status", response.RequestId)
            raise refusal(code)
        logger.info("SMS (%s) to %s sent (request %s)", message.kind, masked(message.number),
                    response.RequestId)

    def send_text(self, number: str, text: str) -> None:
        self.send_message(SmsMessage(number=number, text=text))
