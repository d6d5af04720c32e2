"""Who sees which hot issues: those taken up by a unit at or below one's own. The clusters
themselves are computed from the requests a person may see (selectors), so nobody learns of a
request outside their units through a cluster."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shiliu.core import permissions
from shiliu.core.permissions import DISPATCH_ROLES, REQUEST_ROLES
from shiliu.insights.models import HotIssue


class HotIssuePolicy:
    def visible(self, user: Any, queryset: QuerySet[HotIssue]) -> QuerySet[HotIssue]:
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        condition = Q(pk__in=[])
        for path in user.unit_paths(REQUEST_ROLES):
            condition |= Q(unit__path__startswith=path)
        return queryset.filter(condition)

    def allows(self, user: Any, action: str, obj: HotIssue) -> bool:
        if action == "view":
            return True
        return bool(user.unit_paths(DISPATCH_ROLES))


permissions.register(HotIssue, HotIssuePolicy())
