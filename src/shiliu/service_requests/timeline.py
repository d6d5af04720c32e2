"""A request's timeline in words: one sentence per event, in the active language, read from the
event's kind and parameters (unit ids, dates, codes) at read time, like saleor's OrderEvent.

Nothing here is stored: the workbench, the resident's tracking page, REST, Open311 and the data
export all call `describe`, so an event reads in the language of whoever reads it, unit names
in their translations. What a person typed (a reply, a reason) is the event's note, shown as typed
and never put into these sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from shiliu.service_requests.models import RequestEvent


def _date(value: Any) -> str:
    """An ISO datetime from the parameters as local 2026-03-12 00:00; "" when missing."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return ""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _unit(event: RequestEvent) -> str:
    return event.unit.localized_name if event.unit is not None else _("a unit no longer listed")


def _rating(event: RequestEvent) -> str:
    from shiliu.service_requests.models import Rating

    value = event.params.get("rating")
    return str(Rating(value).label) if value in Rating.values else ""


def _submit(event: RequestEvent) -> str:
    from shiliu.service_requests.models import Channel

    channel = event.params.get("channel")
    if channel in Channel.values:
        return _("Submitted through %(channel)s") % {"channel": Channel(channel).label}
    return _("Submitted")


def _dispatch(event: RequestEvent) -> str:
    return _("Dispatched to %(unit)s") % {"unit": _unit(event)}


def _merge(event: RequestEvent) -> str:
    reference = event.params.get("into")
    return _("Merged into %(reference)s") % {"reference": reference} if reference else _("Merged")


def _return(event: RequestEvent) -> str:
    basis = event.params.get("policy_basis")
    if basis:
        return _("Returned by %(unit)s (policy basis: %(basis)s)") % {"unit": _unit(event), "basis": basis}
    return _("Returned by %(unit)s") % {"unit": _unit(event)}


def _rate(event: RequestEvent) -> str:
    rating = _rating(event)
    return _("Rated: %(rating)s") % {"rating": rating} if rating else _("Rated")


def _reopen(event: RequestEvent) -> str:
    words = {"unit": _unit(event), "date": _date(event.params.get("resolve_by"))}
    if event.unit is not None and words["date"]:
        return _("Not satisfied: being handled again (重办) by %(unit)s, to be answered by %(date)s") % words
    return _("Not satisfied: being handled again (重办)")


def _escalate(event: RequestEvent) -> str:
    return _("Not satisfied again: escalated to a supervisor")


def _extension(asked: bool) -> Callable[[RequestEvent], str]:
    def sentence(event: RequestEvent) -> str:
        date = _date(event.params.get("new_resolve_by"))
        if asked:
            return _("Extension asked for, to %(date)s") % {"date": date}
        return _("Extension approved: new deadline %(date)s.") % {"date": date}

    return sentence


def _system_or(system_words: Callable[[], str], staff_words: Callable[[], str]) -> Callable[[RequestEvent], str]:
    return lambda event: system_words() if event.params.get("system") else staff_words()


def _erase(event: RequestEvent) -> str:
    from shiliu.service_requests.services import ERASURE_REASONS

    reason = event.params.get("reason")
    return str(ERASURE_REASONS[reason]) if reason in ERASURE_REASONS else _("Personal data removed")


SENTENCES: dict[str, Callable[[RequestEvent], str]] = {
    "submit": _submit,
    "accept": lambda e: _("Accepted"),
    "decline": lambda e: _("Not accepted"),
    "merge": _merge,
    "dispatch": _dispatch,
    "transfer": lambda e: _("Transferred to %(unit)s") % {"unit": _unit(e)},
    "accept_transfer": lambda e: _("Transfer accepted by %(unit)s") % {"unit": _unit(e)},
    "refuse_transfer": lambda e: _("Transfer sent back by %(unit)s") % {"unit": _unit(e)},
    "sign": lambda e: _("Signed for by %(unit)s") % {"unit": _unit(e)},
    "return": _return,
    "resolve": lambda e: _("Answered"),
    "rate": _rate,
    "reopen": _reopen,
    "escalate": _escalate,
    "close": lambda e: _("Closed"),
    "request_extension": _extension(asked=True),
    "approve_extension": _extension(asked=False),
    "refuse_extension": lambda e: _("Extension refused."),
    "remind": _system_or(lambda: _("Reminder: the deadline is near."), lambda: _("Reminder (催办)")),
    "supervise": _system_or(lambda: _("Supervision notice: the deadline has passed."),
                            lambda: _("Supervision notice (督办)")),
    "erase_personal_data": _erase,
    "follow": lambda e: _("Another resident with the same problem follows this request"),
    # Written by insights when a dispatcher takes similar requests up as one hot issue; the
    # action decided is the event's note.
    "hot_issue": lambda e: _("Taken up with similar requests as a hot issue (热点诉求)"),
}


def describe(event: RequestEvent) -> str:
    """The event as one sentence in the active language."""
    sentence = SENTENCES.get(event.kind or event.action)
    return sentence(event) if sentence is not None else event.action_label
