"""Telling residents what happened to their request, in their language.

`notify_resident` is called by the workflow (and intake) inside the transaction that records the
event: it writes the in-app notification with the event, and hands sending through the outside
channels to `transaction.on_commit`, so nothing goes out for a change that was rolled back.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shiliu.notifications.backends import Backend, backends
from shiliu.notifications.models import Delivery, Kind, Notification

if TYPE_CHECKING:
    from shiliu.org.models import OrgUnit
    from shiliu.service_requests.models import ServiceRequest

logger = logging.getLogger("shiliu.notifications")


def may_contact(request: ServiceRequest, channel: str) -> bool:
    """Whether the resident agreed to be told through `channel`. Until consent per purpose is
    recorded (issue 4), leaving a contact on the request is taken as that agreement; this is the
    one place to gate it."""
    return True


def tracking_url(request: ServiceRequest, language: str) -> str:
    with translation.override(language):
        path = reverse("service_requests:portal-track", args=[request.tracking_token])
    return settings.SHILIU_SITE_URL.rstrip("/") + path


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def compose(
    request: ServiceRequest, kind: str, *, new_deadline: datetime | None = None,
    unit: OrgUnit | None = None,
) -> tuple[str, str]:
    """(subject, body) in the active language."""
    reference = request.reference
    link = tracking_url(request, translation.get_language() or settings.LANGUAGE_CODE)
    if kind == Kind.RECEIVED:
        subject = _("We received your request %(reference)s") % {"reference": reference}
        body = _("Your request %(reference)s was received and will be handled within the set time. "
                 "Follow it with your private link: %(link)s") % {
                     "reference": reference, "link": link}
    elif kind == Kind.ANSWERED:
        subject = _("Your request %(reference)s was answered") % {"reference": reference}
        body = _("Your request %(reference)s was answered. Read the reply and tell us whether "
                 "you are satisfied: %(link)s") % {"reference": reference, "link": link}
    elif kind == Kind.EXTENDED:
        subject = _("More time for your request %(reference)s") % {"reference": reference}
        body = _("Your request %(reference)s needs more time. The new date for an answer is "
                 "%(date)s. Follow it here: %(link)s") % {
                     "reference": reference, "date": _local(new_deadline), "link": link}
    elif kind == Kind.REOPENED:
        # After an unsatisfied rating (重办): who handles it again, and by when.
        subject = _("Your request %(reference)s is being handled again") % {"reference": reference}
        body = _("You were not satisfied with the answer to %(reference)s, so it is being handled "
                 "again (重办) by %(unit)s, to be answered by %(date)s. Follow it here: %(link)s") % {
                     "reference": reference, "unit": unit.localized_name if unit else "—",
                     "date": _local(new_deadline), "link": link}
    else:
        subject = _("Your request %(reference)s is closed") % {"reference": reference}
        body = _("Your request %(reference)s is closed. Thank you. Its record stays at your "
                 "private link: %(link)s") % {"reference": reference, "link": link}
    return subject, body


def notify_resident(
    request: ServiceRequest, kind: str, *, new_deadline: datetime | None = None,
    unit: OrgUnit | None = None,
) -> Notification:
    """Write the notification in the resident's language; send it out once the change commits.
    Only what the resident may read goes in: the event's words, never a staff-only note."""
    language = request.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject, body = compose(request, kind, new_deadline=new_deadline, unit=unit)
    notification = Notification.objects.create(
        request=request, recipient=request.submitted_by, kind=kind, language=language,
        subject=subject, body=body,
    )
    transaction.on_commit(lambda: deliver(notification))
    return notification


def deliver(notification: Notification) -> list[Delivery]:
    """Send through every configured channel that can reach the resident and may be used."""
    request = notification.request
    done = []
    for backend in backends():
        address = backend.address_for(request)
        if not address or not may_contact(request, backend.channel):
            continue
        done.append(_send(backend, notification, address))
    return done


def _send(backend: Backend, notification: Notification, address: str) -> Delivery:
    try:
        backend.send(notification, address)
    except Exception as error:  # a failing channel must not stop the others
        logger.warning("notification %s via %s failed: %s", notification.pk, backend.channel, error)
        return Delivery.objects.create(notification=notification, channel=backend.channel,
                                       status=Delivery.Status.FAILED, error=str(error)[:200])
    return Delivery.objects.create(notification=notification, channel=backend.channel,
                                   status=Delivery.Status.SENT)
