"""Who sees which requests: staff see requests arising in or assigned to their unit and below.

What each role may do to a visible request is the transition table in workflow.py.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shiliu.core import permissions
from shiliu.core.permissions import REQUEST_ROLES, Role
from shiliu.people.models import paths_cover
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ServiceRequest

# Who may reveal a request's contact details or exact address, with a stated reason (audited):
# those who call the resident back (dispatchers and supervisors where it arises or is handled,
# for acceptance and the 回访 follow-up call) and the unit it is assigned to (handlers, grid
# workers and station staff of that unit), while the request is still being worked on.
REVEAL_PLACE_ROLES = frozenset({Role.DISPATCHER, Role.SUPERVISOR})
REVEAL_ASSIGNEE_ROLES = frozenset({Role.HANDLER, Role.GRID_WORKER, Role.STATION_STAFF})
REVEAL = "reveal"


def may_reveal(user: Any, obj: ServiceRequest) -> bool:
    if not getattr(user, "is_authenticated", False) or obj.status in workflow.FINAL_STATUSES:
        return False
    place_paths = user.unit_paths(REVEAL_PLACE_ROLES)
    # Counted from the owning jurisdiction: once transferred, the sending side sees no more.
    if paths_cover(place_paths, obj.owning_jurisdiction) or paths_cover(place_paths, obj.assigned_unit):
        return True
    return paths_cover(user.unit_paths(REVEAL_ASSIGNEE_ROLES), obj.assigned_unit)


def request_scope(paths: list[str], *, units_first: bool = False) -> Q:
    """Requests arising in, transferred to or assigned to any unit under `paths`; matches nothing
    for no path. `units_first` reads the units' ids before the query (one more, small query), so
    the three conditions are index conditions PostgreSQL can combine with another index's bitmap
    (a search's GIN), where a subquery in an OR is only checked row by row."""
    if not paths:
        return Q(pk__in=[])
    # The units first (a prefix query on their paths), then the rows by unit id: the database
    # checks a row against a small set of ids, through the lists' indexes, instead of joining
    # three unit tables to every row. Works on any model with these three foreign keys.
    from shiliu.org.models import OrgUnit

    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    units: Any = OrgUnit.objects.filter(under).values("pk")
    if units_first:
        units = list(units.values_list("pk", flat=True))
        if not units:
            return Q(pk__in=[])
    return (Q(jurisdiction_id__in=units) | Q(assigned_unit_id__in=units)
            | Q(handling_jurisdiction_id__in=units))


class ServiceRequestPolicy:
    def visible(self, user: Any, queryset: QuerySet[ServiceRequest], *,
                units_first: bool = False) -> QuerySet[ServiceRequest]:
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        return queryset.filter(request_scope(user.unit_paths(REQUEST_ROLES), units_first=units_first))

    def allows(self, user: Any, action: str, obj: ServiceRequest) -> bool:
        if action == "view":
            return True
        if action == REVEAL:
            return may_reveal(user, obj)
        return workflow.may(user, action, obj)


permissions.register(ServiceRequest, ServiceRequestPolicy())
