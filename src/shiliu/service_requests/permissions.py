"""Who sees which requests: staff see requests arising in or assigned to their unit and below.

What each role may do to a visible request is the transition table in workflow.py.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shiliu.core import permissions
from shiliu.core.permissions import REQUEST_ROLES
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ServiceRequest


def request_scope(paths: list[str]) -> Q:
    """Requests arising in or assigned to any unit under `paths`; matches nothing for no path."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(jurisdiction__path__startswith=path) | Q(assigned_unit__path__startswith=path)
    return condition


class ServiceRequestPolicy:
    def visible(self, user: Any, queryset: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        return queryset.filter(request_scope(user.unit_paths(REQUEST_ROLES)))

    def allows(self, user: Any, action: str, obj: ServiceRequest) -> bool:
        if action == "view":
            return True
        return workflow.may(user, action, obj)


permissions.register(ServiceRequest, ServiceRequestPolicy())
