"""Who sees which households and cases: grid workers their grid, community station staff their
community and below, supervisors their unit and below; a member of staff paired with a household
(结对) sees that household and its pairing. Analysts see figures only, never a household.

What each role may do to a visible case is the transition table in workflow.py.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shiliu.cases import workflow
from shiliu.cases.models import Case, Household, Pairing, PlanAction, Visit
from shiliu.cases.workflow import CASE_ROLES
from shiliu.core import permissions
from shiliu.core.permissions import Role


def unit_scope(user: Any, field: str) -> Q:
    """Rows whose `field` (a unit) lies under one of the user's casework units; none for none."""
    condition = Q(pk__in=[])
    for path in user.unit_paths(CASE_ROLES):
        condition |= Q(**{f"{field}__path__startswith": path})
    return condition


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class HouseholdPolicy:
    def visible(self, user: Any, queryset: QuerySet[Household]) -> QuerySet[Household]:
        if not _signed_in(user):
            return queryset.none()
        paired = Q(pk__in=Pairing.objects.filter(staff=user, active=True).values("household_id"))
        return queryset.filter(unit_scope(user, "unit") | paired)

    def allows(self, user: Any, action: str, obj: Household) -> bool:
        if action == "view":
            return True
        if action == CONTACT:
            return _may_see_contact(user, obj)
        if action == VISIT:
            return _covers_household(user, obj) or Pairing.objects.filter(
                staff=user, household=obj, active=True).exists()
        # Writing about a household (a case, a visit, a pairing) needs casework scope over it.
        return any(obj.unit.path.startswith(p) for p in user.unit_paths(CASE_ROLES))


# Field-level visibility: the name, phone and notes of a household in full are for those who
# visit and call it (grid workers and community staff over its unit, the paired member of
# staff); supervisors see them masked, analysts not at all (figures only).
CONTACT = "contact"
VISIT = "visit"
CONTACT_ROLES = frozenset({Role.GRID_WORKER, Role.STATION_STAFF})


def _may_see_contact(user: Any, household: Household) -> bool:
    if any(household.unit.path.startswith(p) for p in user.unit_paths(CONTACT_ROLES)):
        return True
    return Pairing.objects.filter(staff=user, household=household, active=True).exists()


class CasePolicy:
    def visible(self, user: Any, queryset: QuerySet[Case]) -> QuerySet[Case]:
        if not _signed_in(user):
            return queryset.none()
        return queryset.filter(unit_scope(user, "unit"))

    def allows(self, user: Any, action: str, obj: Case) -> bool:
        if action == "view":
            return True
        if action in workflow.TRANSITIONS:
            return workflow.may(user, action, obj)
        # Plan, visits, referrals: any caseworker in scope while the case is open.
        return obj.is_open and workflow.covers(user, CASE_ROLES, obj)


class VisitPolicy:
    def visible(self, user: Any, queryset: QuerySet[Visit]) -> QuerySet[Visit]:
        if not _signed_in(user):
            return queryset.none()
        paired = Q(household__in=Pairing.objects.filter(staff=user, active=True).values("household_id"))
        return queryset.filter(unit_scope(user, "household__unit") | paired | Q(visitor=user))

    def allows(self, user: Any, action: str, obj: Visit) -> bool:
        return True


class PlanActionPolicy:
    def visible(self, user: Any, queryset: QuerySet[PlanAction]) -> QuerySet[PlanAction]:
        if not _signed_in(user):
            return queryset.none()
        return queryset.filter(unit_scope(user, "case__unit") | Q(owner=user))

    def allows(self, user: Any, action: str, obj: PlanAction) -> bool:
        return obj.owner_id == user.pk or workflow.covers(user, CASE_ROLES, obj.case)


class PairingPolicy:
    def visible(self, user: Any, queryset: QuerySet[Pairing]) -> QuerySet[Pairing]:
        if not _signed_in(user):
            return queryset.none()
        return queryset.filter(unit_scope(user, "household__unit") | Q(staff=user))

    def allows(self, user: Any, action: str, obj: Pairing) -> bool:
        if action == "contact":
            return obj.active and (obj.staff_id == user.pk or _covers_household(user, obj.household))
        return _covers_household(user, obj.household)


def _covers_household(user: Any, household: Household) -> bool:
    return any(household.unit.path.startswith(p) for p in user.unit_paths(CASE_ROLES))


permissions.register(Household, HouseholdPolicy())
permissions.register(Case, CasePolicy())
permissions.register(Visit, VisitPolicy())
permissions.register(PlanAction, PlanActionPolicy())
permissions.register(Pairing, PairingPolicy())
