"""Notices are edited here until published; published versions are read-only except that a
missing language can be added. Consents are shown, never edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shiliu.privacy.models import Consent, Notice, NoticeText


class NoticeTextInline(admin.StackedInline[NoticeText, Notice]):
    model = NoticeText
    extra = 0

    # For an inline, `obj` is the parent notice.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.is_published

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or not obj.is_published


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    list_display = ["purpose", "version", "published_at", "languages", "missing"]
    list_filter = ["purpose"]
    inlines = [NoticeTextInline]
    actions = ["publish"]

    @admin.display(description=_("languages"))
    def languages(self, obj: Notice) -> str:
        return ", ".join(sorted(t.language for t in obj.texts.all()))

    @admin.display(description=_("missing languages"))
    def missing(self, obj: Notice) -> str:
        return ", ".join(obj.missing_languages()) or "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Notice | None = None) -> Any:
        return ["purpose", "version", "published_at"] if obj and obj.is_published else ["published_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return obj is None or not obj.is_published

    def save_model(self, request: HttpRequest, obj: Notice, form: Any, change: bool) -> None:
        if not (change and obj.is_published):  # a published version's row never changes
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected versions (their texts are then frozen)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        drafts = [n for n in queryset.filter(published_at__isnull=True) if n.texts.exists()]
        Notice.objects.filter(pk__in=[n.pk for n in drafts], published_at__isnull=True).update(
            published_at=timezone.now())
        messages.success(request, _("%(count)d version(s) published.") % {"count": len(drafts)})


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin[Consent]):
    list_display = ["subject", "purpose", "notice", "language", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "withdrawn_at"]
    search_fields = ["subject"]
    readonly_fields = [f.name for f in Consent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Consent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Consent | None = None) -> bool:
        return False
