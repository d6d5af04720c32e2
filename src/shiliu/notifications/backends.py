"""Outside channels for notifications. A backend names its channel, finds the resident's address
for it on the request (or None: not reachable that way), and sends. settings.SHILIU_NOTIFICATION_
BACKENDS lists the dotted paths in use; an SMS gateway or a messaging app is one more class here.
The SMS channel sends through `core.sms.send_sms`, the one sender codes and links use too."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from shiliu.core.sms import Kind, send_sms
from shiliu.privacy.models import ResidentProfile

if TYPE_CHECKING:
    from shiliu.notifications.models import Notification
    from shiliu.service_requests.models import ServiceRequest

logger = logging.getLogger("shiliu.notifications")


class Backend(Protocol):
    channel: str

    def address_for(self, request: ServiceRequest) -> str | None:
        """Where this resident can be reached on this channel, or None: found on the resident's
        account or in the request's contact details (`anyone_to_reach` counts on it)."""

    def send(self, notification: Notification, address: str) -> None:
        """Send it; raise on failure."""


class EmailBackend:
    """Django's mail: to the e-mail address the resident signed up with (their profile keeps it
    encrypted; it is decrypted here, when the message goes out), else to the contact e-mail given
    with the request (through the APIs, with consent to follow-up contact)."""

    channel = "email"

    def address_for(self, request: ServiceRequest) -> str | None:
        if request.submitted_by_id is not None:
            profile = ResidentProfile.objects.filter(user_id=request.submitted_by_id).only("email").first()
            if profile is not None and profile.email:
                return str(profile.email)
        return request.contact_email or None

    def send(self, notification: Notification, address: str) -> None:
        send_mail(notification.subject, notification.body, None, [address])


class LoggingSmsBackend:
    """The notifications' SMS channel: to the request's contact phone, through `send_sms`."""

    channel = "sms"

    def address_for(self, request: ServiceRequest) -> str | None:
        return request.contact_phone or None

    def send(self, notification: Notification, address: str) -> None:
        send_sms(address, f"{notification.subject}\n{notification.body}", kind=Kind.NOTIFICATION,
                 params=(notification.request.reference, notification.subject),
                 language=notification.language)


def anyone_to_reach(request: ServiceRequest) -> bool:
    """Whether an outside channel could reach the resident at all: every backend finds its address
    on the resident's account or in the request's contact details, so a request with neither (an
    anonymous report, most Open311 ones) has nobody to send to, and needs no delivery queued."""
    return request.submitted_by_id is not None or bool(request.contact_phone or request.contact_email)


def backends() -> list[Backend]:
    return [import_string(path)() for path in settings.SHILIU_NOTIFICATION_BACKENDS]
