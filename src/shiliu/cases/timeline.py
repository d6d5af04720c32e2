"""A case's history in words: one sentence per event, in the reader's language, from the event's
kind and params at read time. What a person typed is the event's note, shown as typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from shiliu.cases.models import CaseEvent


def _label(choices: type, value: object) -> str:
    return str(choices(value).label) if value in choices.values else ""  # type: ignore[attr-defined]


def _open(event: CaseEvent) -> str:
    from shiliu.cases.models import Source

    source = _label(Source, event.params.get("source"))
    return _("Case opened (%(source)s)") % {"source": source} if source else _("Case opened")


def _assess(event: CaseEvent) -> str:
    from shiliu.cases.models import Level, NeedItem

    levels = event.params.get("levels") or {}
    flagged = [code for code, level in levels.items() if level != Level.NONE]
    if not flagged:
        return _("Needs assessed: no difficulty found")
    names = {item.code: str(item) for item in NeedItem.objects.filter(code__in=flagged)}
    listed = "、".join(f"{names.get(code, code)}（{_label(Level, levels[code])}）" for code in flagged)
    return _("Needs assessed: %(needs)s") % {"needs": listed}


def _close(event: CaseEvent) -> str:
    from shiliu.cases.models import Outcome

    outcome = _label(Outcome, event.params.get("outcome"))
    return _("Closed: %(outcome)s") % {"outcome": outcome} if outcome else _("Closed")


def _visit(event: CaseEvent) -> str:
    from shiliu.cases.models import Method

    return _("Visit on %(date)s (%(method)s)") % {
        "date": event.params.get("visited_on", ""), "method": _label(Method, event.params.get("method"))}


def _reassign(event: CaseEvent) -> str:
    from shiliu.people.models import User

    user = User.objects.filter(pk=event.params.get("caseworker")).first()
    return _("Handed to %(name)s") % {"name": user or _("someone no longer listed")}


SENTENCES: dict[str, Callable[[CaseEvent], str]] = {
    "open": _open,
    "assess": _assess,
    "start_plan": lambda e: _("Assistance plan started"),
    "monitor": lambda e: _("Moved to monitoring"),
    "resume": lambda e: _("Assistance resumed"),
    "close": _close,
    "reopen": lambda e: _("Reopened"),
    "reassign": _reassign,
    "action_add": lambda e: _("Plan action added: %(title)s, due %(date)s") % {
        "title": e.params.get("title", ""), "date": e.params.get("due_on", "")},
    "action_done": lambda e: _("Plan action done: %(title)s") % {"title": e.params.get("title", "")},
    "visit": _visit,
    "refer": lambda e: _("Referred to another unit as request %(reference)s") % {
        "reference": e.params.get("request", "")},
}


def describe(event: CaseEvent) -> str:
    sentence = SENTENCES.get(event.kind)
    return sentence(event) if sentence is not None else event.kind
