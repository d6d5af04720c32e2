"""Who sees which declarations: staff of the declared community or of a unit above it (its
street, district, the city) with a residence role; the resident sees their own through the
resident pages (`selectors.resident_declaration_get`), never through this policy.

What each may do to a visible declaration is the transition table in workflow.py.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shiliu.core import permissions
from shiliu.residence import workflow
from shiliu.residence.models import Declaration


def declaration_scope(paths: list[str]) -> Q:
    """Declarations of communities under any of `paths`; matches nothing for no path."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(community__path__startswith=path)
    return condition


class DeclarationPolicy:
    def visible(self, user: Any, queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        return queryset.filter(declaration_scope(workflow.staff_paths(user)))

    def allows(self, user: Any, action: str, obj: Declaration) -> bool:
        if action == "view":
            return True
        return action in workflow.TRANSITIONS and workflow.may(user, action, obj)


permissions.register(Declaration, DeclarationPolicy())
