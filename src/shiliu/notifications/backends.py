"""Outside channels for notifications. A backend names its channel, finds the resident's address
for it on the request (or None: not reachable that way), and sends. settings.SHILIU_NOTIFICATION_
BACKENDS lists the dotted paths in use; an SMS gateway or a messaging app is one more class here.

`send_sms(number, text)` sends one text message (a one-time code, a notice about an account)
through settings.SHILIU_SMS_SENDER: any class with `send_text(number, text)`. The SMS backend
of notifications uses the same sender, so a city plugs its gateway in once."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from shiliu.notifications.models import Notification
    from shiliu.service_requests.models import ServiceRequest

logger = logging.getLogger("shiliu.notifications")


class Backend(Protocol):
    channel: str

    def address_for(self, request: ServiceRequest) -> str | None:
        """Where this resident can be reached on this channel, or None."""

    def send(self, notification: Notification, address: str) -> None:
        """Send it; raise on failure."""


class EmailBackend:
    """Django's mail: to the e-mail address of the resident's account, when they have one."""

    channel = "email"

    def address_for(self, request: ServiceRequest) -> str | None:
        user = request.submitted_by
        return user.email if user is not None and user.email else None

    def send(self, notification: Notification, address: str) -> None:
        send_mail(notification.subject, notification.body, None, [address])


class SmsSender(Protocol):
    def send_text(self, number: str, text: str) -> None:
        """Send one text message to `number`; raise on failure."""


def _masked(number: str) -> str:
    return "*" * max(len(number) - 4, 0) + number[-4:]


class LoggingSmsSender:
    """Stands in for an SMS gateway: logs that a text message would go out, never the number.
    The text (it may hold a one-time code) is logged only with DEBUG on, for development."""

    def send_text(self, number: str, text: str) -> None:
        logger.info("SMS to %s: %s", _masked(number), text if settings.DEBUG else "(text withheld)")


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


class LoggingSmsBackend:
    """The notifications' SMS channel: to the request's contact phone, through `send_sms`."""

    channel = "sms"

    def address_for(self, request: ServiceRequest) -> str | None:
        return request.contact_phone or None

    def send(self, notification: Notification, address: str) -> None:
        send_sms(address, f"{notification.subject}\n{notification.body}")


def backends() -> list[Backend]:
    return [import_string(path)() for path in settings.SHILIU_NOTIFICATION_BACKENDS]
