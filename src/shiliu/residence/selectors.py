"""Every read of declarations, scoped to who reads: staff through the policy (another
community's declaration is a 404, and every detail read is audited), a resident their own only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.core import permissions
from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.residence.models import Declaration, DeclarationEvent, HouseholdMember
from shiliu.residence.workflow import Status

if TYPE_CHECKING:
    from shiliu.people.models import User

REFERENCE_LENGTH = 20


def _with_details(queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
    return queryset.select_related("community", "community__parent", "community__parent__parent",
                                   "resident").prefetch_related(
        Prefetch("members", queryset=HouseholdMember.objects.order_by("position", "id")),
        Prefetch("events", queryset=DeclarationEvent.objects.order_by("created_at", "id")),
    )


def declaration_queue(*, user: User, status: str = "") -> QuerySet[Declaration]:
    """The declarations of the actor's communities, waiting ones first then newest."""
    queryset = permissions.visible_to(user, Declaration).select_related(
        "community", "community__parent").annotate(member_count=Count("members"))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-submitted_at", "-id")


def declaration_get(
    *, user: User, reference: str, action: str = "view", http_request: HttpRequest | None = None
) -> Declaration:
    """One declaration in the actor's scope (else 404); the read is audited, with the fields
    shown (names, exact address), never their values."""
    declaration = permissions.get_for(
        user, Declaration, action, queryset=_with_details(Declaration.objects.all()),
        reference=reference[:REFERENCE_LENGTH])
    audit_record(actor=user, action=AuditAction.READ, target=declaration, request=http_request,
                 detail={"fields": ["full_name", "building", "unit_no", "room", "members.name"]})
    return declaration


def declaration_as_acted_on(declaration: Declaration) -> Declaration:
    """`declaration` again with its details, as an action just left it: not audited, because the
    read that preceded the action in the same request was (declaration_get)."""
    return _with_details(Declaration.objects.all()).get(pk=declaration.pk)


def declarations_for_resident(user: Any) -> QuerySet[Declaration]:
    """The resident's own declarations, newest first (for "my page" and the account export)."""
    return _with_details(Declaration.objects.filter(resident_id=getattr(user, "pk", None)))


def resident_declaration_get(*, user: Any, reference: str) -> Declaration:
    """The signed-in resident's own declaration; anyone else's is a 404."""
    declaration = declarations_for_resident(user).filter(reference=reference[:REFERENCE_LENGTH]).first()
    if declaration is None:
        raise Http404
    return declaration


def community_services(*, community: OrgUnit) -> list[ServicePoint]:
    """The service points that serve `community`: its own and those of the units above it (the
    street's station, the district's hospital and schools' enrolment office), nearest first."""
    ancestor_ids = [int(part) for part in community.path.strip("/").split("/") if part]
    points = list(ServicePoint.objects.filter(unit_id__in=ancestor_ids).select_related("unit"))
    return sorted(points, key=lambda p: (-len(p.unit.path), p.kind, p.name))


def address_units(kind: str) -> QuerySet[OrgUnit]:
    """Active units of one level of the address (district, street, community), in tree order."""
    return OrgUnit.objects.filter(kind=kind, is_active=True).select_related("parent").order_by("path")


def declaration_counts(*, user: User) -> dict[str, int]:
    """How many declarations the actor's communities have in each state."""
    rows = (permissions.visible_to(user, Declaration).values("status")
            .annotate(n=Count("id")).order_by())
    counts = {str(s): 0 for s in Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
