"""Permission vocabulary and the policy registry.

Every view, API endpoint, selector and command asks the registry; nobody compares roles inline.
A policy answers two questions: which rows may this user see, and may this user perform this
action on this object. Objects are fetched with `get_for(user, model, pk, action)`, which answers 404
for both missing and forbidden, so records never reveal that they exist.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    GRID_WORKER = "grid_worker", _("Grid worker")
    STATION_STAFF = "station_staff", _("Station staff")
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Department handler")
    SUPERVISOR = "supervisor", _("Supervisor")
    ANALYST = "analyst", _("Analyst")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDITOR = "auditor", _("Auditor")


# Roles that work on residents' requests; the others see figures or configuration only.
REQUEST_ROLES = frozenset(
    {Role.GRID_WORKER, Role.STATION_STAFF, Role.DISPATCHER, Role.HANDLER, Role.SUPERVISOR}
)
# Roles that may enter a request on a resident's behalf (visit, phone, counter).
INTAKE_ROLES = frozenset({Role.GRID_WORKER, Role.STATION_STAFF, Role.DISPATCHER})
FIGURE_ROLES = REQUEST_ROLES | {Role.ANALYST}
# Roles that accept, dispatch and re-dispatch requests.
DISPATCH_ROLES = frozenset({Role.DISPATCHER, Role.SUPERVISOR})
# Roles that do casework (帮扶台账): grid workers in their grid, community station staff in their
# community, supervisors in their unit and below. Analysts see casework figures only.
CASEWORK_ROLES = frozenset({Role.GRID_WORKER, Role.STATION_STAFF, Role.SUPERVISOR})
# The three administrator duties (三员), each held apart from every other role: the system
# administrator configures, the security administrator manages accounts and roles, the auditor
# reads the audit trail. None of them sees residents' requests.
ADMIN_DUTIES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})

M = TypeVar("M", bound=models.Model)


class Policy(Protocol[M]):
    def visible(self, user: Any, queryset: QuerySet[M]) -> QuerySet[M]:
        """The rows of `queryset` this user may see."""

    def allows(self, user: Any, action: str, obj: M) -> bool:
        """Whether this user may perform `action` on `obj` (visibility already granted)."""


_registry: dict[type[models.Model], Policy[Any]] = {}


def register(model: type[models.Model], policy: Policy[Any]) -> None:
    _registry[model] = policy


def policy_for(model: type[M]) -> Policy[M]:
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"no policy registered for {model.__name__}") from None


def visible_to(user: Any, model: type[M], queryset: QuerySet[M] | None = None) -> QuerySet[M]:
    base = queryset if queryset is not None else model._default_manager.all()
    return policy_for(model).visible(user, base)


def get_for(
    user: Any, model: type[M], action: str, queryset: QuerySet[M] | None = None, **lookup: Any
) -> M:
    """The object matching `lookup` if `user` may see it and perform `action`; otherwise 404."""
    try:
        obj = visible_to(user, model, queryset).get(**lookup)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404 from None
    if not policy_for(model).allows(user, action, obj):
        raise Http404
    return obj
