"""The life of a residence declaration as one explicit state machine.

    submitted ─confirm→ confirmed ─move_out→ moved_out
        │  ▲
 return │  │ resubmit (the resident corrects it)
        ▼  │
      returned

Nothing outside this module assigns `Declaration.status`. Every verb is a row of TRANSITIONS
(from-states, to-state, who) and one function below. Each checks the table ("invalid
transition"), asks who may act ("not allowed": the resident who declared, or staff of the
declared community or a unit above it), updates the row conditionally on its old status (zero
rows updated: someone else won, "conflict") and appends a DeclarationEvent of its kind and
parameters, worded in the reader's language by `describe`. The resident is told of a
confirmation or a return once the transaction commits (`notices.tell_resident`).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.core import errors
from shiliu.core.permissions import Role

if TYPE_CHECKING:
    from shiliu.people.models import User
    from shiliu.residence.models import Declaration, DeclarationEvent


class Status(models.TextChoices):
    SUBMITTED = "submitted", gettext_lazy("Submitted, awaiting confirmation")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed")
    RETURNED = "returned", gettext_lazy("Returned for correction")
    MOVED_OUT = "moved_out", gettext_lazy("Moved out")


# The pseudo-role of the resident who made the declaration.
RESIDENT = "resident"
# Staff of the declared community (or a unit above it) who confirm and return declarations.
STAFF_ROLES = frozenset({Role.STATION_STAFF, Role.DISPATCHER, Role.SUPERVISOR})


@dataclass(frozen=True)
class Transition:
    verb: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: Any


def _t(verb: str, sources: AbstractSet[str], target: str, roles: AbstractSet[str], label: Any) -> Transition:
    return Transition(verb, frozenset(sources), target, frozenset(roles), label)


TRANSITIONS: dict[str, Transition] = {
    t.verb: t
    for t in [
        _t("confirm", {Status.SUBMITTED}, Status.CONFIRMED, STAFF_ROLES, gettext_lazy("Confirm")),
        _t("return", {Status.SUBMITTED}, Status.RETURNED, STAFF_ROLES,
           gettext_lazy("Return for correction")),
        _t("resubmit", {Status.RETURNED}, Status.SUBMITTED, {RESIDENT}, gettext_lazy("Correct and send again")),
        _t("move_out", {Status.CONFIRMED}, Status.MOVED_OUT, {RESIDENT, *STAFF_ROLES},
           gettext_lazy("Record moving out")),
    ]
}

InvalidTransition = errors.InvalidTransition
NotAllowed = errors.NotAllowed
Conflict = errors.Conflict
InvalidInput = errors.InvalidInput


def staff_paths(actor: Any, roles: AbstractSet[str] = STAFF_ROLES) -> list[str]:
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(actor.unit_paths(set(roles) - {RESIDENT}))


def is_declarant(actor: Any, declaration: Declaration) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and declaration.resident_id == actor.pk)


def may(actor: Any, verb: str, declaration: Declaration) -> bool:
    """Whether `actor` may perform `verb` on `declaration` now."""
    transition = TRANSITIONS[verb]
    if declaration.status not in transition.sources:
        return False
    if RESIDENT in transition.roles and is_declarant(actor, declaration):
        return True
    paths = staff_paths(actor, transition.roles)
    return any(declaration.community.path.startswith(p) for p in paths)


def allowed_verbs(actor: Any, declaration: Declaration) -> list[Transition]:
    return [t for verb, t in TRANSITIONS.items() if may(actor, verb, declaration)]


def check(actor: Any, verb: str, declaration: Declaration) -> Transition:
    transition = TRANSITIONS[verb]
    if declaration.status not in transition.sources:
        raise InvalidTransition(
            _("“%(action)s” is not possible while the declaration is %(status)s.")
            % {"action": transition.label, "status": Status(declaration.status).label}
        )
    if not may(actor, verb, declaration):
        raise NotAllowed(_("You may not “%(action)s” this declaration.") % {"action": transition.label})
    return transition


def record(
    declaration: Declaration, *, kind: str, actor: User | None, from_status: str = "", to_status: str = "",
    params: dict[str, Any] | None = None, note: str = "", now: datetime | None = None,
) -> DeclarationEvent:
    from shiliu.residence.models import DeclarationEvent

    return DeclarationEvent.objects.create(
        declaration=declaration, kind=kind, from_status=from_status, to_status=to_status,
        actor=actor, by_resident=actor is not None and declaration.resident_id == actor.pk,
        params=params or {}, note=note, created_at=now or timezone.now(),
    )


def _apply(
    declaration: Declaration, *, verb: str, actor: User, fields: dict[str, Any] | None = None,
    params: dict[str, Any] | None = None, note: str = "", now: datetime | None = None, notify: bool = False,
) -> Declaration:
    """Move `declaration` along `verb` if nobody else moved it first, and record the event."""
    from shiliu.residence import notices
    from shiliu.residence.models import Declaration as Model

    transition = check(actor, verb, declaration)
    now = now or timezone.now()
    changes = {**(fields or {}), "status": transition.target, "updated_at": now}
    source = declaration.status
    with transaction.atomic():
        if not Model.objects.filter(pk=declaration.pk, status=source).update(**changes):
            raise Conflict(_("Someone else changed this declaration a moment ago. Please reload it."))
        for name, value in changes.items():
            setattr(declaration, name, value)
        record(declaration, kind=verb, actor=actor, from_status=source, to_status=transition.target,
               params=params, note=note, now=now)
        if notify:
            pk = declaration.pk
            transaction.on_commit(lambda: notices.tell_resident(declaration_id=pk, kind=verb))
    return declaration


# --- Verbs -----------------------------------------------------------------------------------------

def submit(declaration: Declaration, *, actor: User, now: datetime | None = None) -> DeclarationEvent:
    """A new declaration enters as submitted: its first event (creation is not a transition)."""
    return record(declaration, kind="submit", actor=actor, to_status=Status.SUBMITTED, now=now)


def confirm(declaration: Declaration, *, actor: User, now: datetime | None = None) -> Declaration:
    now = now or timezone.now()
    return _apply(declaration, verb="confirm", actor=actor, now=now, notify=True,
                  fields={"confirmed_at": now, "confirmed_by": actor, "return_reason": ""})


def return_(declaration: Declaration, *, actor: User, reason: str, now: datetime | None = None) -> Declaration:
    check(actor, "return", declaration)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Please say what the resident should correct."))
    return _apply(declaration, verb="return", actor=actor, note=reason, now=now, notify=True,
                  fields={"return_reason": reason})


def resubmit(
    declaration: Declaration, *, actor: User, fields: dict[str, Any], now: datetime | None = None
) -> Declaration:
    """The resident sends the corrected declaration again (`fields`: what they changed)."""
    now = now or timezone.now()
    return _apply(declaration, verb="resubmit", actor=actor, now=now,
                  fields={**fields, "submitted_at": now}, params={"changed": sorted(fields)})


def move_out(
    declaration: Declaration, *, actor: User, moved_out_on: date, now: datetime | None = None
) -> Declaration:
    now = now or timezone.now()
    if moved_out_on < declaration.moved_in_on:
        raise InvalidInput(_("The moving-out date cannot come before the moving-in date."))
    if moved_out_on > timezone.localdate(now):
        raise InvalidInput(_("The moving-out date cannot be in the future."))
    return _apply(declaration, verb="move_out", actor=actor, now=now,
                  fields={"moved_out_on": moved_out_on, "moved_out_at": now},
                  params={"on": moved_out_on.isoformat()})


# --- Events in words, at read time --------------------------------------------------------------------

def _by(event: DeclarationEvent) -> str:
    return _("by the resident") if event.by_resident else _("by community staff")


def _move_out(event: DeclarationEvent) -> str:
    params: dict[str, Any] = event.params or {}
    return _("Moved out on %(date)s (recorded %(by)s)") % {"date": params.get("on", ""), "by": _by(event)}


SENTENCES: dict[str, Callable[[DeclarationEvent], str]] = {
    "submit": lambda e: _("Declaration submitted"),
    "confirm": lambda e: _("Confirmed by the community"),
    "return": lambda e: _("Returned for correction"),
    "resubmit": lambda e: _("Corrected and sent again"),
    "move_out": _move_out,
    "erase_personal_data": lambda e: _("Personal data removed"),
}


def describe(event: DeclarationEvent) -> str:
    """The event as one sentence in the active language."""
    sentence = SENTENCES.get(event.kind)
    return sentence(event) if sentence is not None else event.kind
