"""REST for casework (帮扶台账): households, cases and their workflow verbs, visits and pairings
under /api/v1/. Each operation is one selector or service call of `shiliu.cases`; lists are
scoped like the workbench's, reads of a household or case are audited, names and phones leave
only masked. Creation takes an `Idempotency-Key` as requests do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status as Respond
from pydantic import Field

from shiliu.api.auth import SIGNED_IN, Caller
from shiliu.api.case_schemas import (
    AssessIn,
    CaseCreateIn,
    CaseDetailOut,
    CasePageOut,
    CaseStatus,
    CloseCaseIn,
    HouseholdCreateIn,
    HouseholdOut,
    HouseholdPageOut,
    NoteIn,
    PairingCreateIn,
    PairingOut,
    PairingPageOut,
    PlanActionIn,
    ReassignIn,
    ReopenIn,
    StartPlanIn,
    VisitCreateIn,
    VisitOut,
    VisitPageOut,
)
from shiliu.api.models import Scope
from shiliu.api.schemas import ErrorOut
from shiliu.api.services import body_hash, idempotent_create_object
from shiliu.cases import selectors, services, timeline, workflow
from shiliu.cases.models import Case, Household, Pairing, Visit
from shiliu.cases.workflow import OPEN_STATUSES
from shiliu.core import errors, masking, permissions
from shiliu.org.models import OrgUnit
from shiliu.people.models import User

router = Router(tags=["casework"])

READ_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
ONE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**ONE_ERRORS, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def _caller(request: HttpRequest, scope: str) -> User:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    if not caller.may(scope):
        raise errors.NotAllowed(_("This API key does not have the permission “%(scope)s”.") % {"scope": scope})
    if caller.user is None:
        raise errors.NotAllowed(_("Only staff work on casework."))
    return caller.user


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


def _page(queryset: Any, query: PageQuery, present: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    count = queryset.count()
    start = (query.page - 1) * query.page_size
    return {"count": count, "page": query.page, "page_size": query.page_size,
            "results": [present(row) for row in queryset[start:start + query.page_size]]}


def _user_named(username: str | None, fallback: User) -> User:
    if not username:
        return fallback
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise services.InvalidCaseInput(_("No member of staff has the username “%(name)s”.")
                                        % {"name": username[:150]}, "unknown_user")
    return user


def _created(request: HttpRequest, response: HttpResponse, model: type[Any], payload: Schema,
             create: Callable[[], Any]) -> Any:
    """Run `create`, once per Idempotency-Key when one is sent."""
    caller: Caller = request.auth  # type: ignore[attr-defined]
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 255:
        raise errors.InvalidInput(_("The Idempotency-Key may be at most 255 characters long."))
    if not key:
        return create()
    created, replayed = idempotent_create_object(
        client=caller.identity, key=key, digest=body_hash({"kind": model._meta.label_lower,
                                                           **payload.model_dump(mode="json")}),
        model=model, create=create)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return created


# --- Presenters -------------------------------------------------------------------------------------

def household_out(household: Household) -> dict[str, Any]:
    open_cases = getattr(household, "open_cases", None)
    if open_cases is None:
        open_cases = household.cases.filter(status__in=OPEN_STATUSES).count()
    return {"reference": household.reference, "unit": household.unit.code,
            "address": " ".join(p for p in (household.building, household.unit_no) if p),
            "head_name": masking.mask_name(household.head_name), "head_phone": masking.mask_phone(household.head_phone),
            "members_count": household.members_count, "language": household.language,
            "open_cases": open_cases, "created_at": household.created_at}


def case_out(case: Case) -> dict[str, Any]:
    return {"reference": case.reference, "status": case.status, "status_label": str(case.get_status_display()),
            "household": case.household.reference, "unit": case.unit.code, "source": case.source,
            "caseworker": case.caseworker.username, "opened_on": case.opened_on, "assess_by": case.assess_by,
            "closed_on": case.closed_on, "outcome": case.outcome}


def case_detail_out(case: Case, actor: User) -> dict[str, Any]:
    parts = selectors.case_detail_parts(case)
    today = timezone.localdate()
    return {
        **case_out(case),
        "summary": masking.mask_phones_in_text(case.summary),
        "outcome_note": masking.mask_phones_in_text(case.outcome_note),
        "needs": [{"code": n.item.code, "name": str(n.item), "level": n.level, "note": n.note} for n in parts["needs"]],
        "plan": [{"id": a.pk, "title": a.title, "owner": a.owner.username, "due_on": a.due_on, "done_on": a.done_on,
                  "overdue": a.is_overdue(today)} for a in parts["actions"]],
        "referrals": [{"request": r.service_request.reference, "status": r.service_request.status,
                       "status_label": str(r.service_request.get_status_display()), "created_at": r.created_at}
                      for r in parts["referrals"]],
        "events": [{"kind": e.kind, "text": timeline.describe(e), "from_status": e.from_status,
                    "to_status": e.to_status, "note": masking.mask_phones_in_text(e.note), "created_at": e.created_at}
                   for e in parts["events"]],
        "allowed_verbs": [t.verb for t in workflow.allowed_verbs(actor, case)],
    }


def visit_out(visit: Visit) -> dict[str, Any]:
    return {"id": visit.pk, "household": visit.household.reference,
            "case": visit.case.reference if visit.case else None, "visited_on": visit.visited_on,
            "visitor": visit.visitor.username, "method": visit.method,
            "notes": masking.mask_phones_in_text(visit.notes),
            "next_step": masking.mask_phones_in_text(visit.next_step),
            "next_visit_on": visit.next_visit_on}


def pairing_out(pairing: Pairing) -> dict[str, Any]:
    last = getattr(pairing, "last_contact_on", None)
    if last is None and not hasattr(pairing, "last_contact_on"):
        contact = pairing.contacts.order_by("-contacted_on").first()
        last = contact.contacted_on if contact else None
    return {"id": pairing.pk, "household": pairing.household.reference, "staff": pairing.staff.username,
            "min_contacts": pairing.min_contacts, "period_days": pairing.period_days, "active": pairing.active,
            "started_on": pairing.started_on, "last_contact_on": last}


# --- Households -------------------------------------------------------------------------------------

class HouseholdQuery(PageQuery):
    q: str | None = Field(None, max_length=40, description="A reference, a building or a whole phone number.")


@router.get("/households", response={200: HouseholdPageOut, **READ_ERRORS}, auth=SIGNED_IN,
            summary="Households in the caller's units (names and phones masked)")
def list_households(request: HttpRequest, query: Query[HouseholdQuery]) -> dict[str, Any]:
    actor = _caller(request, Scope.CASES_READ)
    households = selectors.household_list(actor, query=query.q or "").annotate(
        open_cases=Count("cases", filter=Q(cases__status__in=OPEN_STATUSES)))
    return _page(households.order_by("reference", "pk"), query, household_out)


@router.get("/households/{reference}", response={200: HouseholdOut, **ONE_ERRORS}, auth=SIGNED_IN,
            summary="One household (the read is audited)")
def get_household(request: HttpRequest, reference: str) -> dict[str, Any]:
    actor = _caller(request, Scope.CASES_READ)
    return household_out(selectors.household_get(actor, reference=reference[:20], request=request))


@router.post("/households", response={201: HouseholdOut, **WRITE_ERRORS}, auth=SIGNED_IN,
             summary="Add a household (send an Idempotency-Key to make it safe to retry)")
def create_household(request: HttpRequest, response: HttpResponse, payload: HouseholdCreateIn) -> Respond[Any]:
    actor = _caller(request, Scope.CASES_WRITE)
    data = payload.model_dump()
    unit = OrgUnit.objects.filter(code=data.pop("unit").strip(), is_active=True).first()
    if unit is None:
        raise services.InvalidCaseInput(_("No grid or community has the code “%(code)s”.")
                                        % {"code": payload.unit[:64]}, "unknown_unit")
    household = _created(request, response, Household, payload,
                         lambda: services.household_create(actor, unit=unit, **data))
    return Respond(201, household_out(household))


# --- Cases ------------------------------------------------------------------------------------------

class CaseQuery(PageQuery):
    status: CaseStatus | None = None
    household: str | None = Field(None, max_length=20)


@router.get("/cases", response={200: CasePageOut, **READ_ERRORS}, auth=SIGNED_IN,
            summary="Cases in the caller's units")
def list_cases(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    actor = _caller(request, Scope.CASES_READ)
    cases = selectors.case_list(actor, filters=selectors.CaseFilters(status=query.status or ""))
    if query.household:
        cases = cases.filter(household__reference=query.household)
    return _page(cases.order_by("-opened_on", "-pk"), query, case_out)


def _case(request: HttpRequest, reference: str, scope: str, audit: bool = False) -> tuple[User, Case]:
    actor = _caller(request, scope)
    return actor, selectors.case_get(actor, reference=reference[:20], request=request, audit=audit)


@router.get("/cases/{reference}", response={200: CaseDetailOut, **ONE_ERRORS}, auth=SIGNED_IN,
            summary="One case with its needs, plan, referrals and history (the read is audited)")
def get_case(request: HttpRequest, reference: str) -> dict[str, Any]:
    actor, case = _case(request, reference, Scope.CASES_READ, audit=True)
    return case_detail_out(case, actor)


@router.post("/cases", response={201: CaseDetailOut, **WRITE_ERRORS}, auth=SIGNED_IN,
             summary="Open a case for a household (Idempotency-Key accepted)")
def create_case(request: HttpRequest, response: HttpResponse, payload: CaseCreateIn) -> Respond[Any]:
    actor = _caller(request, Scope.CASES_WRITE)
    household = selectors.household_get(actor, reference=payload.household, action="write")
    caseworker = _user_named(payload.caseworker, actor)
    case = _created(request, response, Case, payload, lambda: services.case_open(
        actor, household=household, source=payload.source, summary=payload.summary, caseworker=caseworker))
    return Respond(201, case_detail_out(case, actor))


def _verb(request: HttpRequest, reference: str, perform: Callable[[User, Case], Any]) -> dict[str, Any]:
    actor, case = _case(request, reference, Scope.CASES_WRITE)
    perform(actor, case)
    case.refresh_from_db()
    return case_detail_out(case, actor)


VERB = {200: CaseDetailOut, **WRITE_ERRORS}


@router.post("/cases/{reference}/assess", response=VERB, auth=SIGNED_IN, summary="Record the needs assessment")
def case_assess(request: HttpRequest, reference: str, payload: AssessIn) -> dict[str, Any]:
    return _verb(request, reference, lambda actor, case: services.case_assess(
        actor, case=case, levels=payload.levels, notes=payload.notes))


@router.post("/cases/{reference}/start-plan", response=VERB, auth=SIGNED_IN,
             summary="Start the assistance plan (it needs an action)")
def case_start_plan(request: HttpRequest, reference: str, payload: StartPlanIn) -> dict[str, Any]:
    return _verb(request, reference, lambda actor, case: services.case_start_plan(actor, case=case))


@router.post("/cases/{reference}/monitor", response=VERB, auth=SIGNED_IN, summary="Move to monitoring")
def case_monitor(request: HttpRequest, reference: str, payload: NoteIn) -> dict[str, Any]:
    return _verb(request, reference, lambda actor, case: services.case_monitor(actor, case=case, note=payload.note))


@router.post("/cases/{reference}/resume", response=VERB, auth=SIGNED_IN, summary="Resume assistance")
def case_resume(request: HttpRequest, reference: str, payload: NoteIn) -> dict[str, Any]:
    return _verb(request, reference, lambda actor, case: services.case_resume(actor, case=case, note=payload.note))


@router.post("/cases/{reference}/close", response=VERB, auth=SIGNED_IN, summary="Close with an outcome")
def case_close(request: HttpRequest, reference: str, payload: CloseCaseIn) -> dict[str, Any]:
    return _verb(request, reference, lambda actor, case: services.case_close(
        actor, case=case, outcome=payload.outcome, outcome_note=payload.outcome_note))


@router.post("/cases/{reference}/reopen", response=VERB, auth=SIGNED_IN,
             summary="Reopen a closed case (community staff, supervisors)")
def case_reopen(request: HttpRequest, reference: str, payload: ReopenIn) -> dict[str, Any]:
    return _verb(request, reference, lambda actor, case: services.case_reopen(actor, case=case, reason=payload.reason))


@router.post("/cases/{reference}/reassign", response=VERB, auth=SIGNED_IN,
             summary="Hand to another caseworker (community staff, supervisors)")
def case_reassign(request: HttpRequest, reference: str, payload: ReassignIn) -> dict[str, Any]:
    return _verb(request, reference, lambda actor, case: services.case_reassign(
        actor, case=case, caseworker=_user_named(payload.caseworker, actor)))


@router.post("/cases/{reference}/actions", response=VERB, auth=SIGNED_IN, summary="Add an action to the plan")
def case_add_action(request: HttpRequest, reference: str, payload: PlanActionIn) -> dict[str, Any]:
    return _verb(request, reference, lambda actor, case: services.plan_action_add(
        actor, case=case, title=payload.title, owner=_user_named(payload.owner, actor), due_on=payload.due_on,
        note=payload.note))


# --- Visits -----------------------------------------------------------------------------------------

class VisitQuery(PageQuery):
    household: str | None = Field(None, max_length=20)


@router.get("/visits", response={200: VisitPageOut, **READ_ERRORS}, auth=SIGNED_IN,
            summary="Visits to households in the caller's units, newest first")
def list_visits(request: HttpRequest, query: Query[VisitQuery]) -> dict[str, Any]:
    actor = _caller(request, Scope.CASES_READ)
    visits = selectors.visit_list(actor)
    if query.household:
        visits = visits.filter(household__reference=query.household)
    return _page(visits.order_by("-visited_on", "-pk"), query, visit_out)


@router.get("/visits/{visit_id}", response={200: VisitOut, **ONE_ERRORS}, auth=SIGNED_IN, summary="One visit")
def get_visit(request: HttpRequest, visit_id: int) -> dict[str, Any]:
    actor = _caller(request, Scope.CASES_READ)
    visit = permissions.get_for(actor, Visit, "view",
                                queryset=Visit.objects.select_related("household", "case", "visitor"), pk=visit_id)
    return visit_out(visit)


@router.post("/visits", response={201: VisitOut, **WRITE_ERRORS}, auth=SIGNED_IN,
             summary="Record a visit (Idempotency-Key accepted)")
def create_visit(request: HttpRequest, response: HttpResponse, payload: VisitCreateIn) -> Respond[Any]:
    from shiliu.cases.permissions import VISIT

    actor = _caller(request, Scope.CASES_WRITE)
    household = selectors.household_get(actor, reference=payload.household, action=VISIT)
    case = selectors.case_get(actor, reference=payload.case, audit=False) if payload.case else None

    def record() -> Visit:
        visit, _created_now = services.visit_record(
            actor, household=household, case=case, visited_on=payload.visited_on, method=payload.method,
            notes=payload.notes, next_step=payload.next_step, next_visit_on=payload.next_visit_on)
        return visit

    return Respond(201, visit_out(_created(request, response, Visit, payload, record)))


# --- Pairings ---------------------------------------------------------------------------------------

@router.get("/pairings", response={200: PairingPageOut, **READ_ERRORS}, auth=SIGNED_IN,
            summary="Active pairings (结对) in the caller's units, or the caller's own")
def list_pairings(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    actor = _caller(request, Scope.CASES_READ)
    return _page(selectors.pairing_list(actor), query, pairing_out)


@router.get("/pairings/{pairing_id}", response={200: PairingOut, **ONE_ERRORS}, auth=SIGNED_IN, summary="One pairing")
def get_pairing(request: HttpRequest, pairing_id: int) -> dict[str, Any]:
    actor = _caller(request, Scope.CASES_READ)
    return pairing_out(selectors.pairing_get(actor, pk=pairing_id))


@router.post("/pairings", response={201: PairingOut, **WRITE_ERRORS}, auth=SIGNED_IN,
             summary="Pair a member of staff with a household (Idempotency-Key accepted)")
def create_pairing(request: HttpRequest, response: HttpResponse, payload: PairingCreateIn) -> Respond[Any]:
    actor = _caller(request, Scope.CASES_WRITE)
    household = selectors.household_get(actor, reference=payload.household, action="write")
    staff = _user_named(payload.staff, actor)
    pairing = _created(request, response, Pairing, payload, lambda: services.pairing_create(
        actor, staff=staff, household=household, min_contacts=payload.min_contacts,
        period_days=payload.period_days, started_on=payload.started_on))
    return Respond(201, pairing_out(pairing))


CASE_ENDPOINTS = [
    "list_households", "get_household", "create_household", "list_cases", "get_case", "create_case",
    "case_assess", "case_start_plan", "case_monitor", "case_resume", "case_close", "case_reopen",
    "case_reassign", "case_add_action", "list_visits", "get_visit", "create_visit", "list_pairings",
    "get_pairing", "create_pairing",
]
