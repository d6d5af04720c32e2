"""Outside channels for notifications. A backend names its channel, finds the resident's address
for it on the request (or None: not reachable that way), and sends. settings.SHILIU_NOTIFICATION_
BACKENDS lists the dotted paths in use; an SMS gateway or a messaging app is one more class here."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

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
    """Django's mail: to the e-mail address of the resident's account, else to the contact e-mail
    given with the request (through the APIs, with consent to follow-up contact)."""

    channel = "email"

    def address_for(self, request: ServiceRequest) -> str | None:
        user = request.submitted_by
        if user is not None and user.email:
            return str(user.email)
        return request.contact_email or None

    def send(self, notification: Notification, address: str) -> None:
        send_mail(notification.subject, notification.body, None, [address])


class LoggingSmsBackend:
    """Stands in for an SMS gateway: logs that a text message would go out (never the number)."""

    channel = "sms"

    def address_for(self, request: ServiceRequest) -> str | None:
        return request.contact_phone or None

    def send(self, notification: Notification, address: str) -> None:
        masked = "*" * max(len(address) - 4, 0) + address[-4:]
        logger.info("SMS to %s: %s", masked, notification.subject)


def backends() -> list[Backend]:
    return [import_string(path)() for path in settings.SHILIU_NOTIFICATION_BACKENDS]
