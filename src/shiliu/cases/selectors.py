"""Every non-trivial read of casework, scoped to the acting user (outside it: 404). Reading a
household or a case in full (names, notes) is audited: `household_get`, `case_get`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.cases.models import Case, Household, Pairing, PairingContact, PlanAction, Referral, Visit
from shiliu.cases.workflow import OPEN_STATUSES, Status
from shiliu.core import permissions

if TYPE_CHECKING:
    from shiliu.people.models import User

# What a full read shows, named in the audit trail (never the values).
HOUSEHOLD_FIELDS = ["head_name", "head_phone", "address", "notes"]
CASE_FIELDS = ["summary", "needs", "plan", "visits", "events"]


def household_list(actor: User, *, query: str = "", unit_id: int | None = None) -> QuerySet[Household]:
    """Households the actor may see; `query` matches a reference or a whole phone number (through
    its blind index: encrypted names are never searched)."""
    queryset = permissions.visible_to(actor, Household).select_related("unit")
    query = (query or "").strip()
    if query:
        from shiliu.privacy import crypto

        condition = Q(reference__iexact=query) | Q(building__icontains=query)
        digits = crypto.normalise_phone(query)
        if 7 <= len(digits) <= 12 and digits.isdigit():
            condition |= Q(head_phone_index=crypto.blind_index(digits, kind="phone"))
        queryset = queryset.filter(condition)
    if unit_id:
        queryset = queryset.filter(unit_id=unit_id)
    open_cases = Case.objects.filter(household=OuterRef("pk"), status__in=OPEN_STATUSES)
    return queryset.annotate(has_open_case=Exists(open_cases)).order_by("reference")


def household_get(actor: User, *, reference: str, request: HttpRequest | None = None,
                  action: str = "view") -> Household:
    household = permissions.get_for(actor, Household, action, queryset=Household.objects.select_related("unit"),
                                    reference=reference)
    if action == "view":
        from shiliu.cases.permissions import CONTACT

        in_full = permissions.policy_for(Household).allows(actor, CONTACT, household)
        audit_record(actor=actor, action=AuditAction.READ, target=household, request=request,
                     detail={"fields": HOUSEHOLD_FIELDS if in_full else ["address"], "masked": not in_full})
    return household


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    mine: bool = False
    query: str = ""


def case_list(actor: User, *, filters: CaseFilters | None = None) -> QuerySet[Case]:
    filters = filters or CaseFilters()
    queryset = permissions.visible_to(actor, Case).select_related("household", "unit", "caseworker")
    if filters.status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif filters.status in Status.values:
        queryset = queryset.filter(status=filters.status)
    if filters.mine:
        queryset = queryset.filter(caseworker=actor)
    if filters.query.strip():
        q = filters.query.strip()
        queryset = queryset.filter(Q(reference__iexact=q) | Q(household__reference__iexact=q))
    return queryset.order_by("-opened_on", "-pk")


def case_get(actor: User, *, reference: str, request: HttpRequest | None = None, action: str = "view",
             audit: bool = True) -> Case:
    case = permissions.get_for(
        actor, Case, action, queryset=Case.objects.select_related("household", "household__unit", "unit",
                                                                  "caseworker"),
        reference=reference)
    if action == "view" and audit:
        audit_record(actor=actor, action=AuditAction.READ, target=case, request=request,
                     detail={"fields": CASE_FIELDS, "household": case.household.reference})
    return case


def case_detail_parts(case: Case) -> dict[str, Any]:
    """What the case page shows beyond the case row, each list with its relations."""
    return {
        "needs": list(case.needs.select_related("item")),
        "actions": list(case.actions.select_related("owner")),
        "visits": list(case.visits.select_related("visitor").order_by("-visited_on", "-pk")),
        "referrals": list(case.referrals.select_related(
            "service_request", "service_request__assigned_unit", "service_request__category")),
        "events": list(case.events.select_related("actor")),
    }


def plan_action_list(actor: User) -> QuerySet[PlanAction]:
    return (permissions.visible_to(actor, PlanAction)
            .select_related("case", "case__household", "owner").order_by("due_on", "pk"))


def visit_list(actor: User, *, household: Household | None = None) -> QuerySet[Visit]:
    queryset = permissions.visible_to(actor, Visit).select_related("household", "visitor", "case")
    if household is not None:
        queryset = queryset.filter(household=household)
    return queryset.order_by("-visited_on", "-pk")


def referral_list(actor: User) -> QuerySet[Referral]:
    cases = permissions.visible_to(actor, Case)
    return Referral.objects.filter(case__in=cases).select_related("case", "service_request")


# --- Overdue ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Overdue:
    actions: list[PlanAction]
    visits: list[Household]  # with `last_visit_on` and `next_visit_due` annotated
    assessments: list[Case]


def overdue_actions(actor: User, *, today: date, mine: bool = False) -> QuerySet[PlanAction]:
    queryset = plan_action_list(actor).filter(done_on__isnull=True, due_on__lt=today,
                                              case__status__in=OPEN_STATUSES)
    return queryset.filter(Q(owner=actor) | Q(case__caseworker=actor)) if mine else queryset


def overdue_visits(actor: User, *, today: date, mine: bool = False) -> QuerySet[Household]:
    """Households whose latest visit set a next visit date that has passed."""
    latest = Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on", "-pk")
    queryset = (permissions.visible_to(actor, Household).select_related("unit")
                .annotate(last_visit_on=Subquery(latest.values("visited_on")[:1]),
                          next_visit_due=Subquery(latest.values("next_visit_on")[:1]),
                          last_visitor=Subquery(latest.values("visitor_id")[:1]))
                .filter(next_visit_due__lt=today))
    if mine:
        mine_cases = Case.objects.filter(household=OuterRef("pk"), caseworker=actor, status__in=OPEN_STATUSES)
        queryset = queryset.filter(Q(last_visitor=actor.pk) | Exists(mine_cases))
    return queryset.order_by("next_visit_due", "reference")


def overdue_assessments(actor: User, *, today: date, mine: bool = False) -> QuerySet[Case]:
    queryset = case_list(actor).filter(status=Status.OPEN, assess_by__lt=today)
    return queryset.filter(caseworker=actor) if mine else queryset


def overdue(actor: User, *, today: date | None = None, mine: bool = False) -> Overdue:
    """The caseworker's list (mine: what they own or work on) or the supervisor's (all in scope)."""
    today = today or timezone.localdate()
    return Overdue(actions=list(overdue_actions(actor, today=today, mine=mine)),
                   visits=list(overdue_visits(actor, today=today, mine=mine)),
                   assessments=list(overdue_assessments(actor, today=today, mine=mine)))


# --- Pairings ---------------------------------------------------------------------------------------

def pairing_list(actor: User, *, active_only: bool = True) -> QuerySet[Pairing]:
    queryset = permissions.visible_to(actor, Pairing).select_related("staff", "household", "household__unit")
    if active_only:
        queryset = queryset.filter(active=True)
    return queryset.annotate(last_contact_on=Subquery(
        PairingContact.objects.filter(pairing=OuterRef("pk"))
        .order_by("-contacted_on").values("contacted_on")[:1])).order_by("household__reference", "pk")


def pairing_get(actor: User, *, pk: int, action: str = "view") -> Pairing:
    return permissions.get_for(actor, Pairing, action,
                               queryset=Pairing.objects.select_related("staff", "household", "household__unit"), pk=pk)


def pairings_short_of_contact(actor: User, *, today: date | None = None) -> list[Pairing]:
    """Active pairings with fewer contacts than their minimum within their own period, counted back
    from `today` (a pairing younger than its period is counted from its start)."""
    today = today or timezone.localdate()
    pairings = list(pairing_list(actor))
    if not pairings:
        return []
    longest = max(p.period_days for p in pairings)
    since = today - timedelta(days=longest)
    counts: dict[int, list[date]] = {}
    for pairing_id, day in (PairingContact.objects.filter(pairing__in=[p.pk for p in pairings],
                                                         contacted_on__gt=since, contacted_on__lte=today)
                            .values_list("pairing_id", "contacted_on")):
        counts.setdefault(pairing_id, []).append(day)
    short = []
    for pairing in pairings:
        start = today - timedelta(days=pairing.period_days)
        if pairing.started_on > start:
            continue  # not a whole period yet
        made = sum(1 for day in counts.get(pairing.pk, []) if day > start)
        if made < pairing.min_contacts:
            pairing.contacts_in_period = made  # type: ignore[attr-defined]
            short.append(pairing)
    return short


def counts_by_status(actor: User) -> dict[str, int]:
    return dict(case_list(actor).order_by().values_list("status").annotate(n=Count("pk")))
