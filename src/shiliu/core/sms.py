"""One text message to one phone number, through the city's SMS gateway.

`send_sms(number, text)` sends through settings.SHILIU_SMS_SENDER: any class with
`send_text(number, text)`. One-time codes (sign-up, claiming a request), the link a grid worker
hands to a resident and the notifications' SMS channel all go through it, so a city plugs its
gateway in once. It lives in core because every layer above may need to send a code.
"""

from __future__ import annotations

import logging
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("shiliu.sms")


class SmsSender(Protocol):
    def send_text(self, number: str, text: str) -> None:
        """Send one text message to `number`; raise on failure."""


def masked(number: str) -> str:
    return "*" * max(len(number) - 4, 0) + number[-4:]


class LoggingSmsSender:
    """Stands in for an SMS gateway: logs that a text message would go out, never the number.
    The text (it may hold a one-time code) is logged only with DEBUG on, for development."""

    def send_text(self, number: str, text: str) -> None:
        logger.info("SMS to %s: %s", masked(number), text if settings.DEBUG else "(text withheld)")


class MemorySmsSender:
    """Keeps what would be sent in `outbox`, as (number, text), like Django's locmem mail."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send_text(self, number: str, text: str) -> None:
        self.outbox.append((number, text))


def sms_sender() -> SmsSender:
    sender: SmsSender = import_string(settings.SHILIU_SMS_SENDER)()
    return sender


def send_sms(number: str, text: str) -> None:
    """Send one text message through the configured sender."""
    sms_sender().send_text(number, text)
