"""One text message to one phone number, through the city's SMS gateway.

`send_sms(number, text, kind=…, params=…)` sends through settings.SHILIU_SMS_SENDER. One-time
codes (sign-in, sign-up, claiming a request, a new contact), the link a grid worker hands to a
resident and the notifications' SMS channel all go through it, so a city plugs its gateway in once.
It lives in core because every layer above may need to send a code.

A message has a `kind` and ordered `params` besides its text in the resident's language: Chinese
SMS providers send only templates approved beforehand, so a production sender
(`core.sms_tencent.TencentSmsSender`) picks the template configured for the kind and fills it
with the params; the development senders use the text. A sender is any class with
`send_message(message)` (or, older, `send_text(number, text)`); it raises `SmsNotSent` (one of
the domain errors below) when the provider refuses, so no channel turns a refusal into a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shiliu.core import errors

logger = logging.getLogger("shiliu.sms")


class Kind:
    """The kinds of text message; each is one template at the provider."""

    SIGN_IN_CODE = "sign_in_code"  # params: code, minutes
    SIGN_IN_NO_ACCOUNT = "sign_in_no_account"  # params: none
    SIGN_UP_CODE = "sign_up_code"  # params: code, minutes
    SIGN_UP_EXISTS = "sign_up_exists"  # params: none
    CONTACT_CODE = "contact_code"  # params: code, minutes
    CLAIM_CODE = "claim_code"  # params: reference, code, minutes
    TRACKING_LINK = "tracking_link"  # params: reference, link
    NOTIFICATION = "notification"  # params: reference, news
    TEXT = "text"  # free text: only where a provider allows it


@dataclass(frozen=True)
class SmsMessage:
    number: str
    text: str  # the whole message in `language`, as the development senders show it
    kind: str = Kind.TEXT
    params: tuple[str, ...] = ()  # the template's parameters, in its order
    language: str = field(default="")


class SmsNotSent(errors.DomainError):
    """The provider did not take the message (a mixin of the errors below)."""

    code = "sms_not_sent"


class SmsBadNumber(SmsNotSent, errors.InvalidInput):
    """The provider says the number cannot receive text messages (400)."""

    code = "sms_bad_number"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("This mobile number cannot receive text messages. "
                                      "Check the number, or use an e-mail address."))


class SmsThrottled(SmsNotSent, errors.Unavailable):
    """The provider refuses more messages to this number for now (503: nobody's input is wrong)."""

    code = "sms_throttled"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("Too many text messages were sent to this number. "
                                      "Please wait a while and try again."))


class SmsFailed(SmsNotSent, errors.Unavailable):
    """Any other refusal or an unreachable gateway (503)."""

    code = "sms_failed"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("The text message could not be sent just now. "
                                      "Please try again later."))


class SmsSender(Protocol):
    def send_text(self, number: str, text: str) -> None:
        """Send one text message to `number`; raise SmsNotSent on failure."""


def masked(number: str) -> str:
    return "*" * max(len(number) - 4, 0) + number[-4:]


class LoggingSmsSender:
    """Stands in for an SMS gateway: logs that a text message would go out, never the number.
    The text (it may hold a one-time code) is logged only with DEBUG on, for development."""

    def send_message(self, message: SmsMessage) -> None:
        logger.info("SMS (%s) to %s: %s", message.kind, masked(message.number),
                    message.text if settings.DEBUG else "(text withheld)")

    def send_text(self, number: str, text: str) -> None:
        self.send_message(SmsMessage(number=number, text=text))


class NoSmsSender:
    """Sends nothing: for history that is generated (the demo city), not lived."""

    def send_message(self, message: SmsMessage) -> None:
        pass

    def send_text(self, number: str, text: str) -> None:
        pass


class MemorySmsSender:
    """Keeps what would be sent in `outbox`, as (number, text), like Django's locmem mail, and
    the whole messages (kind, params) in `messages`."""

    outbox: ClassVar[list[tuple[str, str]]] = []
    messages: ClassVar[list[SmsMessage]] = []

    def send_message(self, message: SmsMessage) -> None:
        self.outbox.append((message.number, message.text))
        self.messages.append(message)

    def send_text(self, number: str, text: str) -> None:
        self.send_message(SmsMessage(number=number, text=text))


def sms_sender() -> SmsSender:
    sender: SmsSender = import_string(settings.SHILIU_SMS_SENDER)()
    return sender


def send_sms(
    number: str, text: str, *, kind: str = Kind.TEXT, params: Sequence[object] = (), language: str = ""
) -> None:
    """Send one text message through the configured sender; `language` is the text's (by
    default the active one), for a provider holding a template per language."""
    message = SmsMessage(number=number, text=text, kind=kind, params=tuple(str(p) for p in params),
                         language=language or get_language() or settings.LANGUAGE_CODE)
    sender = sms_sender()
    send_message = getattr(sender, "send_message", None)
    if send_message is not None:
        send_message(message)
    else:
        sender.send_text(number, text)
