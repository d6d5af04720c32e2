"""What happened to a request that its resident should hear about, for the apps above this one.

The workflow (and intake) call `publish` inside the transaction that records the change, and the
`resident_news` signal goes out at once, in that transaction: the notifications app writes the
notification and queues its delivery there (an outbox), so the news commits with the change or
not at all, and a change that rolled back tells nobody anything. Nothing is sent before the
commit: the task worker sends it. The notifications app subscribes to the signal;
service_requests imports no subscriber.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from shiliu.org.models import OrgUnit
    from shiliu.service_requests.models import ServiceRequest

# The news a resident gets (the values are notification kinds).
RECEIVED = "received"
ANSWERED = "answered"
EXTENDED = "extended"
CLOSED = "closed"
REOPENED = "reopened"

# Sent inside the change's transaction with sender=ServiceRequest and `request`, `news` (one of the above),
# `new_deadline` (the approved date, for EXTENDED; else None), `unit` (who handles it, for
# REOPENED) and `channels` (None: every channel
# that may reach the resident; ("sms",): only a text message, as when staff text the link).
resident_news = Signal()

# Sent inside intake's transaction, right after a request and its submit event are written, with
# sender=ServiceRequest and `request`: the apps above record what they derive from a new request
# (insights: the category suggestion and the model version behind it). Sent robustly, so a
# failing receiver is logged and never stops intake; a receiver that writes uses a savepoint.
submitted = Signal()


def publish(request: ServiceRequest, news: str, *, new_deadline: datetime | None = None,
            unit: OrgUnit | None = None, channels: tuple[str, ...] | None = None) -> None:
    """Tell the subscribers now, inside the caller's transaction: what they write (the
    notification and its queued delivery) commits or rolls back with the change. A subscriber
    that fails fails the change, so nothing the caller reports as done lacks its news."""
    resident_news.send(sender=type(request), request=request, news=news, new_deadline=new_deadline,
                       unit=unit, channels=channels)
