"""The lifecycle of a request (SPEC §4.1) as one explicit state machine.

Nothing outside this module assigns `ServiceRequest.status`. Every verb is a row of TRANSITIONS
(from-states, to-state, roles, scope) and one function below. Each function checks the table
("invalid transition"), asks who may act ("not allowed"), updates the row conditionally on its old
status (zero rows updated means another writer won: "conflict"), and appends a RequestEvent.

    submitted ─accept→ accepted ─dispatch→ dispatched ─sign→ in_progress ─resolve→ resolved ─rate→ closed
        │ decline → not_accepted        ▲        │ return        │ return              │ rate (unsatisfied,
        │ merge → merged                │        ▼               ▼                     │   first time) → in_progress
        └──────────────────────── returned ◄─────┴───────────────┘                     │ rate (again) → escalated
                                    escalated ─dispatch→ dispatched · escalated ─close→ closed

    accepted | returned ─transfer→ transferred ─accept_transfer→ accepted (the other jurisdiction's)
                                               └refuse_transfer→ returned (back to the sender)

A request belongs to the jurisdiction it arises in until it is transferred (转办): then to the
jurisdiction that accepted it (`ServiceRequest.owning_jurisdiction`). "Place" scope is counted from
the owner, so the sending side can follow a transferred request but no longer act on it or see
its personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.core import errors
from shiliu.core.permissions import Role
from shiliu.service_requests import events

if TYPE_CHECKING:
    from django.core.files import File

    from shiliu.org.models import OrgUnit
    from shiliu.people.models import User
    from shiliu.service_requests.models import Extension, ServiceRequest


class Status(models.TextChoices):
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    NOT_ACCEPTED = "not_accepted", gettext_lazy("Not accepted")
    MERGED = "merged", gettext_lazy("Merged")
    DISPATCHED = "dispatched", gettext_lazy("Dispatched")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    RETURNED = "returned", gettext_lazy("Returned")
    RESOLVED = "resolved", gettext_lazy("Resolved")
    CLOSED = "closed", gettext_lazy("Closed")
    ESCALATED = "escalated", gettext_lazy("Escalated")
    TRANSFERRED = "transferred", gettext_lazy("Transferred, awaiting acceptance")


# States in which a deadline runs, and which deadline it is.
CLOCKED_STATUSES = frozenset(
    {Status.SUBMITTED, Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS, Status.RETURNED,
     Status.TRANSFERRED}
)
OPEN_STATUSES = CLOCKED_STATUSES | {Status.ESCALATED}
FINAL_STATUSES = frozenset({Status.NOT_ACCEPTED, Status.MERGED, Status.CLOSED})

# The pseudo-role of whoever holds a request's private tracking link.
RESIDENT = "resident"

# Scopes: "place" — the actor's unit covers the jurisdiction that owns the request (where it arises,
# or where it was transferred to) or where it is assigned;
# "assignee" — the actor's unit covers the unit the request is assigned to.
PLACE = "place"
ASSIGNEE = "assignee"


@dataclass(frozen=True)
class Transition:
    verb: str
    sources: frozenset[str]
    target: str | None  # None: the function decides (rate); same as source for event-only verbs
    roles: frozenset[str]
    scope: str
    label: Any


def _t(
    verb: str, sources: AbstractSet[str], target: str | None, roles: AbstractSet[str], scope: str, label: Any
) -> Transition:
    return Transition(verb, frozenset(sources), target, frozenset(roles), scope, label)


DISPATCHERS = {Role.DISPATCHER, Role.SUPERVISOR}
HANDLERS = {Role.HANDLER, Role.GRID_WORKER, Role.STATION_STAFF}
_ACTIVE = {Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS, Status.RETURNED, Status.TRANSFERRED}

TRANSITIONS: dict[str, Transition] = {
    t.verb: t
    for t in [
        _t("accept", {Status.SUBMITTED}, Status.ACCEPTED, DISPATCHERS, PLACE, gettext_lazy("Accept")),
        _t("decline", {Status.SUBMITTED}, Status.NOT_ACCEPTED, DISPATCHERS, PLACE,
           gettext_lazy("Do not accept")),
        _t("merge", {Status.SUBMITTED, Status.ACCEPTED}, Status.MERGED, DISPATCHERS, PLACE,
           gettext_lazy("Merge into a duplicate")),
        _t("dispatch", {Status.ACCEPTED, Status.RETURNED, Status.ESCALATED}, Status.DISPATCHED,
           DISPATCHERS, PLACE, gettext_lazy("Dispatch")),
        _t("transfer", {Status.ACCEPTED, Status.RETURNED}, Status.TRANSFERRED, DISPATCHERS, PLACE,
           gettext_lazy("Transfer to another jurisdiction (转办)")),
        _t("accept_transfer", {Status.TRANSFERRED}, Status.ACCEPTED, DISPATCHERS, PLACE,
           gettext_lazy("Accept the transfer")),
        _t("refuse_transfer", {Status.TRANSFERRED}, Status.RETURNED, DISPATCHERS, PLACE,
           gettext_lazy("Send the transfer back")),
        _t("sign", {Status.DISPATCHED}, Status.IN_PROGRESS, HANDLERS, ASSIGNEE,
           gettext_lazy("Sign for")),
        _t("return", {Status.DISPATCHED, Status.IN_PROGRESS}, Status.RETURNED, HANDLERS, ASSIGNEE,
           gettext_lazy("Return")),
        _t("resolve", {Status.IN_PROGRESS}, Status.RESOLVED, HANDLERS, ASSIGNEE,
           gettext_lazy("Reply and resolve")),
        _t("rate", {Status.RESOLVED}, None, {RESIDENT, *DISPATCHERS}, PLACE,
           gettext_lazy("Record the rating")),
        _t("close", {Status.RESOLVED, Status.ESCALATED}, Status.CLOSED, {Role.SUPERVISOR}, PLACE,
           gettext_lazy("Close")),
        # Verbs that leave the status as it is but belong on the timeline.
        _t("request_extension", {Status.IN_PROGRESS}, Status.IN_PROGRESS, HANDLERS, ASSIGNEE,
           gettext_lazy("Ask for an extension")),
        _t("approve_extension", {Status.IN_PROGRESS}, Status.IN_PROGRESS, {Role.SUPERVISOR}, PLACE,
           gettext_lazy("Approve the extension")),
        _t("refuse_extension", {Status.IN_PROGRESS}, Status.IN_PROGRESS, {Role.SUPERVISOR}, PLACE,
           gettext_lazy("Refuse the extension")),
        _t("remind", _ACTIVE, None, DISPATCHERS, PLACE, gettext_lazy("Send a reminder (催办)")),
        _t("supervise", _ACTIVE | {Status.SUBMITTED}, None, {Role.SUPERVISOR}, PLACE,
           gettext_lazy("Issue a supervision notice (督办)")),
    ]
}


# The refusals are the core domain errors (`core.errors`), under the names this module has always
# used: `except workflow.WorkflowError` catches every domain error, a missing notice included.
WorkflowError = errors.DomainError
InvalidTransition = errors.InvalidTransition
NotAllowed = errors.NotAllowed
Conflict = errors.Conflict
InvalidInput = errors.InvalidInput


# --- Checks -----------------------------------------------------------------------------------------

def _actor_paths(actor: User | None, roles: frozenset[str]) -> list[str]:
    if actor is None:
        return []
    return actor.unit_paths(roles - {RESIDENT})


def _in_scope(request: ServiceRequest, paths: list[str], scope: str) -> bool:
    def covered(unit: OrgUnit | None) -> bool:
        return unit is not None and any(unit.path.startswith(p) for p in paths)

    if scope == ASSIGNEE:
        return covered(request.assigned_unit)
    return covered(request.owning_jurisdiction) or covered(request.assigned_unit)


def may(actor: User | None, verb: str, request: ServiceRequest) -> bool:
    """Whether `actor` (None: the holder of the private link) may perform `verb` now."""
    transition = TRANSITIONS[verb]
    if request.status not in transition.sources:
        return False
    if actor is None:
        return RESIDENT in transition.roles
    return _in_scope(request, _actor_paths(actor, transition.roles), transition.scope)


# Verbs that need an extension waiting for a decision, and the one that needs none waiting.
_DECISIONS = {"approve_extension", "refuse_extension"}


def allowed_verbs(actor: User | None, request: ServiceRequest) -> list[Transition]:
    """What `actor` may do now, as offered on the workbench and in the API: an extension's
    decision only while one waits, a new extension only while none does."""
    verbs = [t for verb, t in TRANSITIONS.items() if may(actor, verb, request)]
    if any(t.verb in _DECISIONS | {"request_extension"} for t in verbs):
        waiting = request.extensions.filter(decision="pending").exists()
        verbs = [t for t in verbs if (t.verb in _DECISIONS) == waiting or t.verb not in
                 _DECISIONS | {"request_extension"}]
    return verbs


def _check(actor: User | None, verb: str, request: ServiceRequest) -> Transition:
    transition = TRANSITIONS[verb]
    if request.status not in transition.sources:
        raise InvalidTransition(
            _("“%(action)s” is not possible while the request is %(status)s.")
            % {"action": transition.label, "status": Status(request.status).label}
        )
    if not may(actor, verb, request):
        raise NotAllowed(_("You may not “%(action)s” this request.") % {"action": transition.label})
    return transition


def _required(value: str, field_label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("Please give %(field)s.") % {"field": field_label})
    return value


# --- The one place a status is written -------------------------------------------------------------

# What the search text is made of, that a transition may change: the reply, and the units a
# request is assigned to or handled by (its scope's tokens, search.document).
SEARCHED_FIELDS = frozenset({"reply", "jurisdiction", "assigned_unit", "handling_jurisdiction"})


def _search_text_refresh(request: ServiceRequest) -> None:
    """The search text follows the reply (given, or withdrawn by a reopening) and the units."""
    from shiliu.service_requests import search
    from shiliu.service_requests.models import ServiceRequest

    request.search_text = search.document(request)
    ServiceRequest.objects.filter(pk=request.pk).update(search_text=request.search_text)
    search.index_write(request.pk, request.search_text)


def _apply(
    request: ServiceRequest,
    *,
    verb: str,
    actor: User | None,
    target: str,
    note: str = "",
    note_is_public: bool = False,
    params: dict[str, Any] | None = None,
    unit: OrgUnit | None = None,
    is_public: bool = True,
    fields: dict[str, Any] | None = None,
    now: datetime | None = None,
    actor_label: str = "",
    notify: str = "",
    new_deadline: datetime | None = None,
) -> ServiceRequest:
    """Move `request` to `target` if nobody else moved it first, and record the event; `notify`
    names the news the resident gets for it (`events.publish`: sent once the transaction commits).

    The event is its kind (the verb) and `params` (ids, dates, codes: never sentences), worded at
    read time by timeline.describe; `note` is what the actor typed, for staff only unless
    `note_is_public` (a reply, a reason the resident is owed)."""
    from shiliu.service_requests.models import RequestEvent, ServiceRequest

    now = now or timezone.now()
    changes = dict(fields or {})
    changes["status"] = target
    changes["updated_at"] = now
    source = request.status
    with transaction.atomic():
        updated = ServiceRequest.objects.filter(pk=request.pk, status=source).update(**changes)
        if updated == 0:
            raise Conflict(_("Someone else changed this request a moment ago. Please reload it."))
        RequestEvent.objects.create(
            request=request,
            action=verb,
            from_status=source,
            to_status=target,
            actor=actor,
            actor_label=actor_label or (str(actor) if actor else _("Resident")),
            unit=unit,
            kind=verb,
            params=params or {},
            note=note,
            note_is_public=note_is_public and bool(note),
            is_public=is_public,
            created_at=now,
        )
        for name, value in changes.items():
            setattr(request, name, value)
        if changes.keys() & SEARCHED_FIELDS:
            _search_text_refresh(request)
        if notify:
            events.publish(request, notify, new_deadline=new_deadline, unit=unit)
    return request


def _limit_deadline(request: ServiceRequest, stage: str, start: datetime) -> datetime:
    from shiliu.service_requests import sla

    amount, unit = request.category.limit(stage)
    return sla.deadline(start, amount, unit, sla.load_overrides())


# --- Verbs ---------------------------------------------------------------------------------------------

def accept(request: ServiceRequest, *, actor: User, note: str = "", now: datetime | None = None) -> ServiceRequest:
    _check(actor, "accept", request)
    now = now or timezone.now()
    resolve_by = _limit_deadline(request, "resolve", now)
    return _apply(request, verb="accept", actor=actor, target=Status.ACCEPTED, note=note, now=now,
                  fields={"resolve_by": resolve_by, "due_at": resolve_by, "overdue_at": None,
                          "reminded_at": None})


def decline(request: ServiceRequest, *, actor: User, reason: str, now: datetime | None = None) -> ServiceRequest:
    _check(actor, "decline", request)
    reason = _required(reason, _("the reason for not accepting"))
    return _apply(request, verb="decline", actor=actor, target=Status.NOT_ACCEPTED, note=reason,
                  note_is_public=True, now=now, fields={"due_at": None, "closed_at": now or timezone.now()})


def merge_target_refused(reference: str) -> InvalidInput:
    """The one answer for a merge target that is missing, out of the actor's sight or not open:
    it never tells which, so a reference elsewhere cannot be probed."""
    return InvalidInput(
        _("No open request you handle has the reference %(reference)s.") % {"reference": reference}
    )


def may_merge_into(actor: User | None, request: ServiceRequest, into: ServiceRequest) -> bool:
    """Whether `into` is another open request in the actor's dispatching scope."""
    return (
        into.pk != request.pk
        and into.status in OPEN_STATUSES
        and _in_scope(into, _actor_paths(actor, TRANSITIONS["merge"].roles), PLACE)
    )


def merge(request: ServiceRequest, *, actor: User, into: ServiceRequest, now: datetime | None = None) -> ServiceRequest:
    _check(actor, "merge", request)
    if not may_merge_into(actor, request, into):
        raise merge_target_refused(into.reference)
    return _apply(request, verb="merge", actor=actor, target=Status.MERGED,
                  params={"into": into.reference}, now=now,
                  fields={"merged_into": into, "due_at": None, "closed_at": now or timezone.now()})


def _ancestor_ids(paths: list[str]) -> set[int]:
    return {int(part) for path in paths for part in path.strip("/").split("/") if part}


def dispatch_targets(actor: User | None) -> models.QuerySet[OrgUnit]:
    """Where `actor` may dispatch: active departments, grids, communities and streets of their own
    jurisdiction, the street or community above it, and the departments registered for it (those
    of the units above it, e.g. the district's bureaus for a community's dispatcher). Another
    district is reached by a transfer."""
    from django.db.models import Q

    from shiliu.org.models import OrgUnit as Unit

    paths = _actor_paths(actor, frozenset(DISPATCHERS))
    within = Q(pk__in=[])
    for path in paths:
        within |= Q(path__startswith=path)
    above = _ancestor_ids(paths)
    registered = Q(kind=Unit.Kind.DEPARTMENT, parent_id__in=above) | Q(pk__in=above)
    kinds = [Unit.Kind.DEPARTMENT, Unit.Kind.GRID, Unit.Kind.COMMUNITY, Unit.Kind.STREET]
    return Unit.objects.filter(within | registered, is_active=True, kind__in=kinds).order_by("path")


def dispatch_target_rows(actor: User | None) -> list[OrgUnit]:
    """`dispatch_targets(actor)` as the configuration cache keeps them (core.config: the org tree
    is watched, so a change is seen by the next request), one list per dispatching scope, without
    the units' boundaries: what a dispatch select offers on every page that shows one. Shared by
    the requests a process serves: read them, never change them."""
    from shiliu.core import config

    paths = sorted(_actor_paths(actor, frozenset(DISPATCHERS)))
    return config.cached("service_requests.dispatch_targets:" + ",".join(paths),
                         lambda: list(dispatch_targets(actor).defer("boundary")))


def transfer_targets(actor: User | None) -> models.QuerySet[OrgUnit]:
    """Jurisdictions (district, street, community) outside the actor's own, whose dispatchers can
    take a transfer: not below the actor's units and not above them."""
    from django.db.models import Q

    from shiliu.org.models import OrgUnit as Unit

    paths = _actor_paths(actor, frozenset(DISPATCHERS))
    if not paths:
        return Unit.objects.none()
    ours = Q(pk__in=_ancestor_ids(paths))
    for path in paths:
        ours |= Q(path__startswith=path)
    kinds = [Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.COMMUNITY]
    return Unit.objects.filter(is_active=True, kind__in=kinds).exclude(ours).order_by("path")


def dispatch(request: ServiceRequest, *, actor: User, unit: OrgUnit, note: str = "",
             now: datetime | None = None) -> ServiceRequest:
    _check(actor, "dispatch", request)
    if unit is None or not dispatch_targets(actor).filter(pk=unit.pk).exists():
        raise InvalidInput(_("Choose an active department, grid, community or street of your "
                             "jurisdiction. To hand it to another district, transfer it (转办)."))
    from shiliu.service_requests.routing import grid_worker_for

    now = now or timezone.now()
    sign_by = _limit_deadline(request, "sign", now)
    # In a grid, the request goes into the charge of a grid worker who speaks the resident's
    # language (None elsewhere, or when nobody there speaks it).
    fields: dict[str, Any] = {"assigned_unit": unit,
                              "assigned_to": grid_worker_for(unit, request.language),
                              "due_at": sign_by, "overdue_at": None, "reminded_at": None}
    if request.resolve_by is None or request.status == Status.ESCALATED:
        # A supervisor's re-dispatch after escalation is re-handling: it gets a fresh time limit.
        fields["resolve_by"] = _limit_deadline(request, "resolve", now)
    return _apply(request, verb="dispatch", actor=actor, target=Status.DISPATCHED, unit=unit,
                  params={"unit": unit.pk}, note=note.strip(), now=now, fields=fields)


def transfer(request: ServiceRequest, *, actor: User, to: OrgUnit, reason: str,
             now: datetime | None = None) -> ServiceRequest:
    """Hand the request to another jurisdiction's dispatch queue (转办), where a dispatcher
    accepts it or sends it back; the acceptance clock runs for them meanwhile."""
    _check(actor, "transfer", request)
    reason = _required(reason, _("the reason for the transfer"))
    if to is None or not transfer_targets(actor).filter(pk=to.pk).exists():
        raise InvalidInput(_("Choose a district, street or community outside your own jurisdiction."))
    now = now or timezone.now()
    return _apply(request, verb="transfer", actor=actor, target=Status.TRANSFERRED, note=reason, now=now,
                  unit=to, params={"unit": to.pk},
                  fields={"transferred_from": request.handling_jurisdiction, "handling_jurisdiction": to,
                          "assigned_unit": None, "assigned_to": None,
                          "due_at": _limit_deadline(request, "accept", now), "overdue_at": None,
                          "reminded_at": None})


def accept_transfer(request: ServiceRequest, *, actor: User, note: str = "",
                    now: datetime | None = None) -> ServiceRequest:
    _check(actor, "accept_transfer", request)
    now = now or timezone.now()
    resolve_by = request.resolve_by or _limit_deadline(request, "resolve", now)
    return _apply(request, verb="accept_transfer", actor=actor, target=Status.ACCEPTED, note=note, now=now,
                  unit=request.handling_jurisdiction, params={"unit": request.handling_jurisdiction_id},
                  fields={"transferred_from": None, "resolve_by": resolve_by, "due_at": resolve_by,
                          "overdue_at": None, "reminded_at": None})


def refuse_transfer(request: ServiceRequest, *, actor: User, reason: str,
                    now: datetime | None = None) -> ServiceRequest:
    """Send a transfer back: the jurisdiction that sent it owns it again, to dispatch or transfer."""
    _check(actor, "refuse_transfer", request)
    reason = _required(reason, _("the reason for sending it back"))
    return _apply(request, verb="refuse_transfer", actor=actor, target=Status.RETURNED, note=reason, now=now,
                  unit=request.handling_jurisdiction, params={"unit": request.handling_jurisdiction_id},
                  is_public=False,
                  fields={"handling_jurisdiction": request.transferred_from, "transferred_from": None,
                          "due_at": request.resolve_by, "overdue_at": None, "reminded_at": None})


def sign(request: ServiceRequest, *, actor: User, now: datetime | None = None) -> ServiceRequest:
    _check(actor, "sign", request)
    return _apply(request, verb="sign", actor=actor, target=Status.IN_PROGRESS, now=now,
                  unit=request.assigned_unit, params={"unit": request.assigned_unit_id},
                  fields={"due_at": request.resolve_by, "overdue_at": None, "reminded_at": None})


def return_(request: ServiceRequest, *, actor: User, reason: str, policy_basis: str,
            now: datetime | None = None) -> ServiceRequest:
    _check(actor, "return", request)
    reason = _required(reason, _("the reason for returning it"))
    policy_basis = _required(policy_basis, _("the policy basis for the return"))
    return _apply(request, verb="return", actor=actor, target=Status.RETURNED, note=reason, now=now,
                  unit=request.assigned_unit, is_public=False,
                  params={"unit": request.assigned_unit_id, "policy_basis": policy_basis},
                  fields={"assigned_unit": None, "assigned_to": None, "due_at": request.resolve_by,
                          "overdue_at": None, "reminded_at": None})


def resolve(request: ServiceRequest, *, actor: User, reply: str, reply_language: str = "",
            now: datetime | None = None, photos: Sequence[File[Any]] = ()) -> ServiceRequest:
    """The answer (答复). `reply_language` is the language it is written in (by default the
    resident's), shown to the resident with it; `photos` (the handler's "after" pictures) are
    attached with the reply, in its transaction."""
    _check(actor, "resolve", request)
    reply = _required(reply, _("a reply to the resident"))
    now = now or timezone.now()
    with transaction.atomic():
        # An answer makes a pending extension moot; it is withdrawn, not left to block a later
        # one, in the transaction of the answer: a lost race withdraws nothing.
        request.extensions.filter(decision="pending").update(decision="withdrawn", decided_at=now,
                                                             updated_at=now)
        resolved = _apply(request, verb="resolve", actor=actor, target=Status.RESOLVED, note=reply,
                          note_is_public=True, now=now, unit=request.assigned_unit, notify="answered",
                          params={"unit": request.assigned_unit_id},
                          fields={"reply": reply, "reply_language": reply_language or request.language,
                                  "resolved_at": now, "due_at": None})
        if photos:
            from shiliu.service_requests.services import attachments_add

            attachments_add(service_request=resolved, photos=photos, kind="reply")
    return resolved


def rate(request: ServiceRequest, *, actor: User | None, rating: int, solved: bool | None = None,
         comment: str = "", now: datetime | None = None) -> ServiceRequest:
    """The resident's rating (回访). A satisfied rating closes the request; an unsatisfied one
    reopens it once for re-handling (重办), and escalates it to a supervisor after that."""
    from shiliu.service_requests.models import SATISFIED_RATINGS, Rating

    _check(actor, "rate", request)
    if rating not in Rating.values:
        raise InvalidInput(_("Choose one of the five rating levels."))
    now = now or timezone.now()
    fields: dict[str, Any] = {"rating": rating, "rating_comment": comment.strip(), "rated_at": now,
                              "solved": solved}
    if rating in SATISFIED_RATINGS:
        target, verb = Status.CLOSED, "rate"
        fields.update(closed_at=now, due_at=None)
    elif request.reopen_count == 0:
        target, verb = Status.IN_PROGRESS, "reopen"
        resolve_by = _limit_deadline(request, "resolve", now)
        # The old reply no longer stands as the answer (it stays on the timeline, as given).
        fields.update(reopen_count=request.reopen_count + 1, resolve_by=resolve_by, due_at=resolve_by,
                      resolved_at=None, overdue_at=None, reminded_at=None, reply="")
    else:
        target, verb = Status.ESCALATED, "escalate"
        fields.update(due_at=None, resolved_at=None)
    params: dict[str, Any] = {"rating": rating}
    if verb == "reopen":
        params.update(unit=request.assigned_unit_id, resolve_by=fields["resolve_by"].isoformat())
    return _apply(request, verb=verb, actor=actor, target=target, note=comment.strip(), note_is_public=True,
                  params=params, now=now, fields=fields, unit=request.assigned_unit if verb == "reopen" else None,
                  notify={Status.CLOSED: "closed", Status.IN_PROGRESS: "reopened"}.get(target, ""),
                  new_deadline=fields.get("resolve_by") if verb == "reopen" else None)


def close(request: ServiceRequest, *, actor: User, note: str, now: datetime | None = None) -> ServiceRequest:
    _check(actor, "close", request)
    note = _required(note, _("a closing note"))
    now = now or timezone.now()
    return _apply(request, verb="close", actor=actor, target=Status.CLOSED, note=note, note_is_public=True,
                  now=now, fields={"closed_at": now, "due_at": None}, notify="closed")


def request_extension(request: ServiceRequest, *, actor: User, reason: str, new_resolve_by: datetime,
                      now: datetime | None = None) -> Extension:
    from django.db import IntegrityError

    from shiliu.service_requests.models import Extension

    _check(actor, "request_extension", request)
    reason = _required(reason, _("the reason for the extension"))
    now = now or timezone.now()
    if request.resolve_by and new_resolve_by <= request.resolve_by:
        raise InvalidInput(_("The new deadline must be later than the current one."))
    if new_resolve_by <= now:
        raise InvalidInput(_("The new deadline must be in the future."))
    try:
        with transaction.atomic():
            extension = Extension.objects.create(request=request, requested_by=actor, reason=reason,
                                                 new_resolve_by=new_resolve_by)
            _apply(request, verb="request_extension", actor=actor, target=request.status, now=now,
                   note=reason, params={"new_resolve_by": new_resolve_by.isoformat()}, is_public=False)
    except IntegrityError:
        raise InvalidInput(_("An extension for this request is already waiting for a decision.")) from None
    return extension


def decide_extension(extension: Extension, *, actor: User, approve: bool, note: str = "",
                     now: datetime | None = None) -> Extension:
    from shiliu.service_requests.models import Extension

    request = extension.request
    verb = "approve_extension" if approve else "refuse_extension"
    _check(actor, verb, request)
    now = now or timezone.now()
    decision = Extension.Decision.APPROVED if approve else Extension.Decision.REFUSED
    with transaction.atomic():
        updated = Extension.objects.filter(pk=extension.pk, decision=Extension.Decision.PENDING).update(
            decision=decision, decided_by=actor, decided_at=now, updated_at=now)
        if updated == 0:
            raise Conflict(_("This extension has already been decided."))
        if approve and request.resolve_by and extension.new_resolve_by <= request.resolve_by:
            # Rolls the decision back: the extension stays pending, to be refused instead.
            raise InvalidInput(_("The new deadline must be later than the current one."))
        if approve and extension.new_resolve_by <= now:
            raise InvalidInput(_("The new deadline has already passed: refuse this extension, and "
                                 "the unit may ask for a later date."))
        fields: dict[str, Any] = {}
        if approve:
            fields = {"resolve_by": extension.new_resolve_by, "due_at": extension.new_resolve_by,
                      "overdue_at": None, "reminded_at": None}
        _apply(request, verb=verb, actor=actor, target=request.status, now=now, is_public=approve,
               note=note.strip(), params={"new_resolve_by": extension.new_resolve_by.isoformat()}, fields=fields,
               notify="extended" if approve else "", new_deadline=extension.new_resolve_by)
    extension.decision = decision
    return extension


def remind(request: ServiceRequest, *, actor: User | None, note: str = "", now: datetime | None = None,
           system: bool = False) -> ServiceRequest:
    """A reminder (催办) before expiry; `system=True` when the deadline sweep sends it."""
    if not system:
        _check(actor, "remind", request)
    elif request.status not in TRANSITIONS["remind"].sources:
        raise InvalidTransition(_("Only open requests get reminders."))
    now = now or timezone.now()
    return _apply(request, verb="remind", actor=actor, target=request.status, now=now, is_public=False,
                  note=note.strip(), params={"system": True} if system else {}, fields={"reminded_at": now},
                  actor_label=_("System") if system else "")


def supervise(request: ServiceRequest, *, actor: User | None, note: str = "", now: datetime | None = None,
              system: bool = False) -> ServiceRequest:
    """A supervision notice (督办) after expiry; puts the request on the supervisors' list."""
    if not system:
        _check(actor, "supervise", request)
    elif request.status not in TRANSITIONS["supervise"].sources:
        raise InvalidTransition(_("Only open requests are supervised."))
    now = now or timezone.now()
    return _apply(request, verb="supervise", actor=actor, target=request.status, now=now, is_public=False,
                  note=note.strip(), params={"system": True} if system else {},
                  fields={"overdue_at": request.overdue_at or now},
                  actor_label=_("System") if system else "")


VERB_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "accept": accept, "decline": decline, "merge": merge, "dispatch": dispatch, "sign": sign,
    "transfer": transfer, "accept_transfer": accept_transfer, "refuse_transfer": refuse_transfer,
    "return": return_, "resolve": resolve, "rate": rate, "close": close,
    "request_extension": request_extension, "remind": remind, "supervise": supervise,
}
