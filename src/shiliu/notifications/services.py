"""Telling residents what happened to their request, in their language.

The workflow (and intake) publish `service_requests.events.resident_news` inside the transaction
of their change; `tell_resident` (connected in this app's config) writes the in-app notification
in that same transaction and, when it is to go out by SMS or e-mail, puts it in the outbox
(`Notification.in_outbox`): the change and its notification commit together, or neither does.
Once it commits, `outbox_wake` makes sure a drain of the outbox is queued (the
`deliver_outbox` task: one for many notifications, not one each). The task worker
(`manage.py db_worker`) runs `outbox_deliver`: it takes the waiting notifications oldest first, a
batch per transaction, sends each through the channels the resident agreed to and takes it out
of the outbox in the transaction that records its deliveries, so a drain run twice sends once.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks.signals import task_finished

from shiliu.core.schedule import enqueue_unless_waiting
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
# Notifications sent per transaction of the drain: what one crash of the worker in the middle of
# a batch (after sending, before its COMMIT) could send a second time.
OUTBOX_BATCH = 20


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
    """Write the notification in the resident's language and put it in the outbox (to go out
    through `channels` only, when given), in the caller's transaction (one of its own outside
    one): the task worker sends it once that commits. Only what the resident may read goes in:
    the event's words, never a staff-only note."""
    language = resident_language(request)
    with translation.override(language):
        subject, body = compose(request, kind, new_deadline=new_deadline, unit=unit)
    # Nothing to send when no outside channel is configured (or none of `channels` is), or the
    # resident left no way to reach them: the in-app copy is all there is, and a later worker
    # must not send what was meant to stay in (nor spend a task finding nobody).
    to_send = anyone_to_reach(request) and any(channels is None or b.channel in channels for b in backends())
    with transaction.atomic(savepoint=False):
        notification = Notification.objects.create(
            request=request, recipient=request.submitted_by, kind=kind, language=language,
            subject=subject, body=body, in_outbox=to_send,
            outbox_channels=list(channels) if to_send and channels is not None else None,
        )
        if to_send:
            # robust: the change has committed by then; a queue that cannot be reached must not
            # turn an acknowledged request into an error (the next wake or sweep drains it).
            transaction.on_commit(outbox_wake, robust=True)
    return notification


def outbox_wake() -> None:
    """Queue a drain of the outbox unless one is queued and not started yet: that one will
    read this notification, since a drain reads the outbox only after the worker's claim of it
    committed, which is after this notification's COMMIT (called on commit). So under load one
    drain sends many notifications, instead of one task each."""
    from shiliu.notifications.tasks import deliver_outbox

    enqueue_unless_waiting(deliver_outbox)


def outbox_sweep() -> bool:
    """Queue a drain when a notification waits and none is queued (one left by a process that
    stopped between its COMMIT and its wake); whether a drain is queued now."""
    if not Notification.objects.filter(in_outbox=True).exists():
        return False
    outbox_wake()
    return True


@receiver(task_finished, dispatch_uid="notifications-outbox-sweep")
def sweep_after_a_task(sender: object, *, task_result: Any, **kwargs: object) -> None:
    """The sweep's moment: after any other task the worker ran (the audit sealing that `make
    serve` queues every 5 s, the deadline sweep), so nothing waits in the outbox for long."""
    if task_result.task.module_path.endswith(".deliver_outbox"):
        return
    try:
        outbox_sweep()
    except DatabaseError:  # the task that just ran must not be recorded as failed for it
        logger.warning("the outbox could not be swept after task %s", task_result.id, exc_info=True)


def outbox_deliver(batch: int = OUTBOX_BATCH) -> int:
    """Send every notification waiting in the outbox, oldest first, `batch` per transaction,
    until none is left; how many were taken out (sent, failed or withheld). Rows another drain
    holds are skipped, not waited for; a notification gone meanwhile (its request erased) has
    left the outbox with it."""
    done = 0
    while True:
        with transaction.atomic():
            waiting = list(Notification.objects.select_for_update(skip_locked=True, of=("self",))
                           .select_related("request").filter(in_outbox=True).order_by("pk")[:batch])
            outcomes = []
            for notification in waiting:
                channels = notification.outbox_channels
                outcomes += _outcomes(notification, tuple(channels) if channels is not None else None)
            Delivery.objects.bulk_create(outcomes)
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(in_outbox=False)
        done += len(waiting)
        if len(waiting) < batch:
            return done


def notification_deliver(*, notification_id: int, channels: Collection[str] | None = None) -> list[Delivery]:
    """Send one notification (the per-notification task that versions before the outbox's drain
    queued), at most once however often it is asked: the row is locked while it goes out, and a
    notification that has its deliveries already (a task run again, a drain) sends nothing more.
    A notification gone meanwhile (its request erased) sends nothing."""
    with transaction.atomic():
        # One row by its key: no ORDER BY (the model's ordering cost half this query's CPU).
        notification = next(iter(Notification.objects.select_for_update(of=("self",)).select_related("request")
                                 .filter(pk=notification_id).order_by()[:1]), None)
        # Asked after the lock is held, in a statement of its own: a second worker that waited
        # for the lock sees the first one's deliveries (a subquery of the locking SELECT would
        # read the snapshot taken before it waited, and send again).
        if notification is None or notification.deliveries.exists():
            return []
        outcomes = Delivery.objects.bulk_create(
            _outcomes(notification, tuple(channels) if channels is not None else None))
        Notification.objects.filter(pk=notification.pk).update(in_outbox=False)
        return outcomes


def send_by_sms(request: ServiceRequest, kind: str) -> Notification:
    """Write the notification and queue it, to be sent once the change commits, by text message
    only (the SMS backends of SHILIU_NOTIFICATION_BACKENDS)."""
    if not any(backend.channel == "sms" for backend in backends()):
        logger.warning("No SMS backend in SHILIU_NOTIFICATION_BACKENDS: request %s's link was not texted.",
                       request.reference)
    return notify_resident(request, kind, channels=("sms",))


def _outcomes(notification: Notification, channels: tuple[str, ...] | None = None) -> list[Delivery]:
    """Send through every configured channel (of `channels`, when given) that can reach the
    resident; the deliveries to record (unsaved). Without their consent nothing goes out, and
    each channel that could have reached them records why (`NO_CONSENT`). Addresses are read
    (and decrypted) here, at send time, and never logged or kept."""
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
            done.append(Delivery(notification=notification, channel=backend.channel,
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
        return Delivery(notification=notification, channel=backend.channel,
                        status=Delivery.Status.FAILED, error=reason)
    return Delivery(notification=notification, channel=backend.channel, status=Delivery.Status.SENT)
