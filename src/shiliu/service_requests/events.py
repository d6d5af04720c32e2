"""What happened to a request that its resident should hear about, for the apps above this one.

The workflow (and intake) call `publish` inside the transaction that records the change; the
`resident_news` signal goes out once that transaction commits, so a change that rolled back tells
nobody anything. The notifications app subscribes to it; service_requests imports no subscriber.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
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

# Sent after commit with sender=ServiceRequest and `request`, `news` (one of the above),
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
    def send() -> None:
        resident_news.send(sender=type(request), request=request, news=news, new_deadline=new_deadline,
                           unit=unit, channels=channels)

    # robust: the change is committed already; a failing subscriber is logged, not raised at the caller.
    transaction.on_commit(send, robust=True)
