"""Telling residents what happened to their request, in their language.

The workflow (and intake) publish `service_requests.events.resident_news` inside the transaction
of their change; `tell_resident` (connected in this app's config) writes the in-app notification
and queues its delivery (the `deliver_notification` task) in that same transaction: an outbox.
So the change, its notification and the order to send it commit together (one COMMIT), and a
change that rolled back leaves neither. The task worker (`manage.py db_worker`) then sends it
through the outside channels the resident agreed to, once: `notification_deliver` locks the row
and sends nothing for a notification that already has its deliveries.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shiliu.notifications.backends import Backend, anyone_to_reach, backends
from shiliu.notifications.models import Delivery, Kind, Notification
from shiliu.privacy.models import Purpose
from shiliu.privacy.services import consent_active
from shiliu.service_requests.events import resident_news

if TYPE_CHECKING:
    from shiliu.org.models import OrgUnit
    from shiliu.service_requests.models import ServiceRequest

logger = logging.getLogger("shiliu.notifications")


# Why a message that could have gone out did not (kept on the Delivery row).
NO_CONSENT = "no consent to follow-up contact"


def may_contact(request: ServiceRequest, channel: str) -> bool:
    """The one consent gate for every outside channel: the resident agreed to be contacted for
    follow-up about this request (at intake, for the request), or their account did, and has not
    withdrawn it. The in-app copy on the tracking page needs no consent: the resident fetches it."""
    if consent_active(Purpose.FOLLOW_UP_CONTACT, service_request=request):
        return True
    user = request.submitted_by
    return user is not None and consent_active(Purpose.FOLLOW_UP_CONTACT, user=user)


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def compose(
    request: ServiceRequest, kind: str, *, new_deadline: datetime | None = None,
    unit: OrgUnit | None = None,
) -> tuple[str, str]:
    """(subject, body) in the active language."""
    reference = request.reference
    link = request.tracking_url(translation.get_language() or settings.LANGUAGE_CODE)
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


@receiver(resident_news, dispatch_uid="notifications-tell-resident")
def tell_resident(sender: object, *, request: ServiceRequest, news: str, new_deadline: datetime | None = None,
                  unit: OrgUnit | None = None, channels: tuple[str, ...] | None = None,
                  **kwargs: object) -> None:
    if channels == ("sms",):
        send_by_sms(request, news)
    else:
        notify_resident(request, news, new_deadline=new_deadline, unit=unit)


def resident_language(request: ServiceRequest) -> str:
    """The language a resident is told in: their account's preferred language (their profile),
    else the language the request was made in."""
    account = request.submitted_by
    preferred = getattr(account, "preferred_language", "") if account is not None else ""
    return str(preferred or request.language or settings.LANGUAGE_CODE)


def notify_resident(
    request: ServiceRequest, kind: str, *, new_deadline: datetime | None = None,
    unit: OrgUnit | None = None, channels: tuple[str, ...] | None = None,
) -> Notification:
    """Write the notification in the resident's language and queue its delivery (through
    `channels` only, when given), in the caller's transaction (one of its own outside one):
    the task worker sends it once that commits. Only what the resident may read goes in: the
    event's words, never a staff-only note."""
    from shiliu.notifications.tasks import deliver_notification

    language = resident_language(request)
    with translation.override(language):
        subject, body = compose(request, kind, new_deadline=new_deadline, unit=unit)
    with transaction.atomic(savepoint=False):
        notification = Notification.objects.create(
            request=request, recipient=request.submitted_by, kind=kind, language=language,
            subject=subject, body=body,
        )
        # Nothing to send when no outside channel is configured (or none of `channels` is), or
        # the resident left no way to reach them: the in-app copy is all there is, and a later
        # worker must not send what was meant to stay in (nor spend a task finding nobody).
        if anyone_to_reach(request) and any(channels is None or b.channel in channels for b in backends()):
            deliver_notification.enqueue(notification.pk, list(channels) if channels is not None else None)
    return notification


def notification_deliver(*, notification_id: int, channels: Collection[str] | None = None) -> list[Delivery]:
    """Send a queued notification (the delivery task), at most once however often it is asked:
    the row is locked while it goes out, and a notification that has its deliveries already
    (a task run again, a second worker) sends nothing more. A notification gone meanwhile (its
    request erased) sends nothing."""
    with transaction.atomic():
        # One row by its key: no ORDER BY (the model's ordering cost half this query's CPU).
        notification = next(iter(Notification.objects.select_for_update(of=("self",)).select_related("request")
                                 .filter(pk=notification_id).order_by()[:1]), None)
        # Asked after the lock is held, in a statement of its own: a second worker that waited
        # for the lock sees the first one's deliveries (a subquery of the locking SELECT would
        # read the snapshot taken before it waited, and send again).
        if notification is None or notification.deliveries.exists():
            return []
        return deliver(notification, channels=tuple(channels) if channels is not None else None)


def send_by_sms(request: ServiceRequest, kind: str) -> Notification:
    """Write the notification and queue it, to be sent once the change commits, by text message
    only (the SMS backends of SHILIU_NOTIFICATION_BACKENDS)."""
    if not any(backend.channel == "sms" for backend in backends()):
        logger.warning("No SMS backend in SHILIU_NOTIFICATION_BACKENDS: request %s's link was not texted.",
                       request.reference)
    return notify_resident(request, kind, channels=("sms",))


def deliver(notification: Notification, channels: tuple[str, ...] | None = None) -> list[Delivery]:
    """Send through every configured channel (of `channels`, when given) that can reach the
    resident. Without their consent
    nothing goes out, and each channel that could have reached them records why (`NO_CONSENT`).
    Addresses are read (and decrypted) here, at send time, and never logged or kept."""
    request = notification.request
    consented: bool | None = None
    done = []
    for backend in backends():
        if channels is not None and backend.channel not in channels:
            continue
        address = backend.address_for(request)
        if not address:
            continue
        if consented is None:
            consented = may_contact(request, backend.channel)
        if not consented:
            done.append(Delivery.objects.create(notification=notification, channel=backend.channel,
                                                status=Delivery.Status.WITHHELD, error=NO_CONSENT))
            continue
        done.append(_send(backend, notification, address))
    return done


def _send(backend: Backend, notification: Notification, address: str) -> Delivery:
    try:
        backend.send(notification, address)
    except Exception as error:  # a failing channel must not stop the others
        reason = f"{type(error).__name__}: {error}".replace(address, "<address>")[:200]
        logger.warning("notification %s via %s failed: %s", notification.pk, backend.channel, reason)
        return Delivery.objects.create(notification=notification, channel=backend.channel,
                                       status=Delivery.Status.FAILED, error=reason)
    return Delivery.objects.create(notification=notification, channel=backend.channel,
                                   status=Delivery.Status.SENT)
