"""The Django admin, governed by the three administrator duties (三员) instead of Django's flags.

Who may enter at all is the "admin" entry of `core.access.ACCESS` (checked again here); which
models each duty manages is `core.access.ADMIN_MODELS`, read through `User.has_perm`. A page
someone may not open answers 404, as everywhere else. Every addition, change and deletion made here
is announced with `core.signals.admin_changed`, whatever the model; the audit app records it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shiliu.core import access
from shiliu.core.signals import admin_changed


def changed_fields(message: Any) -> dict[str, Any]:
    """Field and related-object names from an admin change message, never the values."""
    if not isinstance(message, list):
        return {}
    fields: list[str] = []
    related: list[str] = []
    for part in message:
        for verb in ("added", "changed", "deleted"):
            entry = part.get(verb) if isinstance(part, dict) else None
            if entry is None:
                continue
            fields += (
                [str(name) for name in entry.get("fields", [])] if not entry.get("name") else []
            )
            if entry.get("name"):
                related.append(f"{verb} {entry['name']}")
    detail: dict[str, Any] = {}
    if fields:
        detail["fields"] = fields
    if related:
        detail["related"] = related
    return detail


class AuditedAdminMixin:
    """Announces each admin addition, change and deletion (`core.signals.admin_changed`)."""

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> LogEntry:
        entry = super().log_addition(request, obj, message)  # type: ignore[misc]
        admin_changed.send(type(obj), request=request, obj=obj, action="create", detail={"via": "admin"})
        return entry  # type: ignore[no-any-return]

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> LogEntry:
        entry = super().log_change(request, obj, message)  # type: ignore[misc]
        admin_changed.send(type(obj), request=request, obj=obj, action="change",
                           detail={"via": "admin", **changed_fields(message)})
        return entry  # type: ignore[no-any-return]

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        entries = super().log_deletions(request, queryset)  # type: ignore[misc]
        for obj in queryset:
            admin_changed.send(type(obj), request=request, obj=obj, action="delete", detail={"via": "admin"})
        return entries


class ShiliuAdminSite(admin.AdminSite):
    site_header = _("Shiliu administration")
    site_title = _("Shiliu")
    index_title = _("Configuration, accounts and roles")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Every model admin, ours or a library's, is audited."""
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdminMixin):
            base = type(base.__name__, (AuditedAdminMixin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return access.allows(request.user, access.ACCESS["admin"])

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        wrapped = super().admin_view(view, cacheable)

        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                response: HttpResponse = wrapped(request, *args, **kwargs)
            except PermissionDenied:
                raise Http404 from None
            return response

        inner.__dict__.update(wrapped.__dict__)
        return inner

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One sign-in for everybody: the staff sign-in page, with its lockout and second factor."""
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
