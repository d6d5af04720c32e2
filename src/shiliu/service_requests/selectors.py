"""Every non-trivial read of requests, scoped to the acting user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from shiliu.core import permissions
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.workflow import OPEN_STATUSES

if TYPE_CHECKING:
    from shiliu.people.models import User


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    category: int | None = None
    channel: str = ""
    overdue: bool = False
    due_soon: bool = False
    query: str = ""
    language: str = ""


def _with_relations(queryset: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    return queryset.select_related(
        "category", "category__parent", "jurisdiction", "assigned_unit", "routed_unit",
        "assigned_to",
    )


def request_queue(*, user: User, filters: QueueFilters) -> QuerySet[ServiceRequest]:
    """The workbench queue: requests in or assigned to the user's units and below."""
    queryset = permissions.visible_to(user, ServiceRequest)
    now = timezone.now()
    if filters.status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.category:
        queryset = queryset.filter(Q(category_id=filters.category) | Q(category__parent_id=filters.category))
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.overdue:
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    if filters.due_soon:
        soon = now + timedelta(hours=settings.SHILIU_DUE_SOON_HOURS)
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_at__gte=now, due_at__lte=soon)
    if filters.query:
        queryset = queryset.filter(Q(reference__icontains=filters.query) | Q(description__icontains=filters.query))
    # Nearest deadline first; requests without a running clock after them on both databases.
    return _with_relations(queryset).order_by(F("due_at").asc(nulls_last=True), "-submitted_at")


def supervision_list(*, user: User) -> QuerySet[ServiceRequest]:
    """The supervisor's list: open requests marked overdue by the sweep, escalated ones, and those
    with an extension waiting for a decision (`pending_extension_until`: its new deadline)."""
    from shiliu.service_requests.models import Extension

    pending = Extension.objects.filter(request=OuterRef("pk"), decision=Extension.Decision.PENDING)
    queryset = permissions.visible_to(user, ServiceRequest).annotate(
        pending_extension_until=Subquery(pending.values("new_resolve_by")[:1])
    ).filter(
        Q(status__in=OPEN_STATUSES, overdue_at__isnull=False) | Q(status="escalated")
        | Q(status__in=OPEN_STATUSES, pending_extension_until__isnull=False)
    )
    return _with_relations(queryset).order_by(F("overdue_at").asc(nulls_last=True), "submitted_at", "pk")


def request_get(*, user: User, reference: str, action: str = "view") -> ServiceRequest:
    return permissions.get_for(
        user, ServiceRequest, action, queryset=_with_relations(ServiceRequest.objects.all()),
        reference=reference,
    )


def request_by_token(*, token: str) -> ServiceRequest:
    """The request behind a resident's private tracking link, or 404."""
    try:
        return _with_relations(ServiceRequest.objects.all()).get(tracking_token=token)
    except ServiceRequest.DoesNotExist:
        raise Http404 from None


def request_timeline(*, request: ServiceRequest, public_only: bool) -> QuerySet[Any]:
    events = request.events.select_related("actor", "unit")
    return events.filter(is_public=True) if public_only else events


def request_notifications(*, request: ServiceRequest) -> QuerySet[Any]:
    """What the resident was told about this request, newest first (the in-app copies)."""
    return request.notifications.order_by("-created_at", "-id")
