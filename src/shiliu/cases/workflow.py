"""The life of a case (帮扶台账, SPEC §4.2) as one explicit state machine.

Nothing outside this module assigns `Case.status`. Every verb is a row of TRANSITIONS (from-states,
to-state, roles) and one function below. Each checks the table ("invalid transition"), asks
whether the actor holds one of the verb's roles in a unit covering the case's unit ("not
allowed"), updates the row conditionally on its old status (zero rows: "conflict") and appends a
CaseEvent (kind + params, worded at read time by `timeline.describe`).

    open ─assess→ assessed ─start_plan→ active ─monitor→ monitoring ─close→ closed
      │             │ assess (again)       ▲          │ resume → active       │
      │             │                      └──────────┘                       │ reopen → assessed
      └─────────────┴──────── close (outcome) ──────────────────────────────────┘

Event-only verbs (the status stays): `reassign` (another caseworker).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.core import errors
from shiliu.core.permissions import CASEWORK_ROLES, Role

if TYPE_CHECKING:
    from shiliu.cases.models import Case
    from shiliu.people.models import User


class Status(models.TextChoices):
    OPEN = "open", gettext_lazy("Open, not yet assessed")
    ASSESSED = "assessed", gettext_lazy("Needs assessed")
    ACTIVE = "active", gettext_lazy("Assistance under way")
    MONITORING = "monitoring", gettext_lazy("Monitoring")
    CLOSED = "closed", gettext_lazy("Closed")


OPEN_STATUSES = frozenset({Status.OPEN, Status.ASSESSED, Status.ACTIVE, Status.MONITORING})

# Who works on cases: grid workers (their grid), community station staff (their community and
# below) and supervisors (their unit and below). Analysts see figures only, never a case.
CASEWORKERS = CASEWORK_ROLES
CASE_ROLES = CASEWORKERS
LEADS = frozenset({Role.STATION_STAFF, Role.SUPERVISOR})


@dataclass(frozen=True)
class Transition:
    verb: str
    sources: frozenset[str]
    target: str | None  # None: the status stays as it is (event-only verbs)
    roles: frozenset[str]
    label: Any


def _t(verb: str, sources: AbstractSet[str], target: str | None, roles: AbstractSet[str],
       label: Any) -> Transition:
    return Transition(verb, frozenset(sources), target, frozenset(roles), label)


TRANSITIONS: dict[str, Transition] = {
    t.verb: t
    for t in [
        _t("assess", {Status.OPEN, Status.ASSESSED}, Status.ASSESSED, CASEWORKERS,
           gettext_lazy("Record the needs assessment")),
        _t("start_plan", {Status.ASSESSED}, Status.ACTIVE, CASEWORKERS,
           gettext_lazy("Start the assistance plan")),
        _t("monitor", {Status.ACTIVE}, Status.MONITORING, CASEWORKERS,
           gettext_lazy("Move to monitoring")),
        _t("resume", {Status.MONITORING}, Status.ACTIVE, CASEWORKERS,
           gettext_lazy("Resume assistance")),
        _t("close", OPEN_STATUSES, Status.CLOSED, CASEWORKERS, gettext_lazy("Close the case")),
        _t("reopen", {Status.CLOSED}, Status.ASSESSED, LEADS, gettext_lazy("Reopen the case")),
        _t("reassign", OPEN_STATUSES, None, LEADS, gettext_lazy("Hand to another caseworker")),
    ]
}

InvalidTransition = errors.InvalidTransition
NotAllowed = errors.NotAllowed
Conflict = errors.Conflict
InvalidInput = errors.InvalidInput


def covers(actor: User | None, roles: AbstractSet[str], case: Case) -> bool:
    """Whether `actor` holds one of `roles` in the case's unit or above it."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return any(case.unit.path.startswith(p) for p in actor.unit_paths(roles))


def may(actor: User | None, verb: str, case: Case) -> bool:
    transition = TRANSITIONS[verb]
    return case.status in transition.sources and covers(actor, transition.roles, case)


def allowed_verbs(actor: User | None, case: Case) -> list[Transition]:
    return [t for verb, t in TRANSITIONS.items() if may(actor, verb, case)]


def _check(actor: User | None, verb: str, case: Case) -> Transition:
    transition = TRANSITIONS[verb]
    if case.status not in transition.sources:
        raise InvalidTransition(
            _("“%(action)s” is not possible while the case is “%(status)s”.")
            % {"action": transition.label, "status": Status(case.status).label}
        )
    if not covers(actor, transition.roles, case):
        raise NotAllowed(_("You may not “%(action)s” for this case.") % {"action": transition.label})
    return transition


def _apply(case: Case, *, verb: str, actor: User | None, note: str = "",
           params: dict[str, Any] | None = None, fields: dict[str, Any] | None = None,
           now: datetime | None = None) -> Case:
    """Move `case` to the verb's target if nobody moved it first, and record the event."""
    from shiliu.cases.models import Case as CaseModel
    from shiliu.cases.models import CaseEvent

    now = now or timezone.now()
    transition = TRANSITIONS[verb]
    source = case.status
    target = transition.target or source
    changes = dict(fields or {})
    changes["status"] = target
    changes["updated_at"] = now
    with transaction.atomic():
        updated = CaseModel.objects.filter(pk=case.pk, status=source).update(**changes)
        if updated == 0:
            raise Conflict(_("Someone else changed this case a moment ago. Please reload it."))
        CaseEvent.objects.create(case=case, kind=verb, from_status=source, to_status=target,
                                 actor=actor, params=params or {}, note=note, created_at=now)
        for name, value in changes.items():
            setattr(case, name, value)
    return case


def record_event(case: Case, *, kind: str, actor: User | None, params: dict[str, Any] | None = None,
                 note: str = "", now: datetime | None = None) -> None:
    """An event that is not a change of state (opened, plan action added or done, visit,
    referral): written by services, in their transaction."""
    from shiliu.cases.models import CaseEvent

    CaseEvent.objects.create(case=case, kind=kind, from_status=case.status, to_status=case.status,
                             actor=actor, params=params or {}, note=note,
                             created_at=now or timezone.now())


# --- Verbs ----------------------------------------------------------------------------------------

def assess(case: Case, *, actor: User, levels: dict[str, str], now: datetime | None = None) -> Case:
    """`levels`: {need code: level} as just saved by the service (kept as the event's params)."""
    _check(actor, "assess", case)
    return _apply(case, verb="assess", actor=actor, params={"levels": levels}, now=now)


def start_plan(case: Case, *, actor: User, now: datetime | None = None) -> Case:
    _check(actor, "start_plan", case)
    if not case.actions.exists():
        raise InvalidInput(_("Add at least one action to the plan before starting it."))
    return _apply(case, verb="start_plan", actor=actor, now=now)


def monitor(case: Case, *, actor: User, note: str = "", now: datetime | None = None) -> Case:
    _check(actor, "monitor", case)
    return _apply(case, verb="monitor", actor=actor, note=note, now=now)


def resume(case: Case, *, actor: User, note: str = "", now: datetime | None = None) -> Case:
    _check(actor, "resume", case)
    return _apply(case, verb="resume", actor=actor, note=note, now=now)


def close(case: Case, *, actor: User, outcome: str, outcome_note: str = "", on: date | None = None,
          now: datetime | None = None) -> Case:
    from shiliu.cases.models import Outcome

    _check(actor, "close", case)
    if outcome not in Outcome.values:
        raise InvalidInput(_("Choose the outcome of the case."))
    closed_on = on or timezone.localdate(now)
    if closed_on < case.opened_on:
        raise InvalidInput(_("A case cannot close before it was opened."))
    return _apply(case, verb="close", actor=actor, params={"outcome": outcome}, note=outcome_note,
                  now=now, fields={"outcome": outcome, "outcome_note": outcome_note.strip(),
                                             "closed_on": closed_on})


def reopen(case: Case, *, actor: User, reason: str, now: datetime | None = None) -> Case:
    _check(actor, "reopen", case)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Please give the reason for reopening the case."))
    return _apply(case, verb="reopen", actor=actor, note=reason, now=now,
                  fields={"closed_on": None, "outcome": "", "outcome_note": ""})


def reassign(case: Case, *, actor: User, caseworker: User, now: datetime | None = None) -> Case:
    _check(actor, "reassign", case)
    if not covers(caseworker, CASEWORKERS, case):
        raise InvalidInput(_("%(name)s does not work on cases in this unit.") % {"name": caseworker})
    return _apply(case, verb="reassign", actor=actor, params={"caseworker": caseworker.pk},
                  fields={"caseworker": caseworker}, now=now)
