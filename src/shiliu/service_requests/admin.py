from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shiliu.service_requests.models import (
    Category,
    Extension,
    HolidayOverride,
    ReplyTemplate,
    RequestEvent,
    RoutingRule,
    ServiceRequest,
)


class RoutingRuleInline(admin.TabularInline[RoutingRule, Any]):
    model = RoutingRule
    extra = 0
    autocomplete_fields = ["jurisdiction", "handling_unit"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["__str__", "code", "accept_within", "accept_unit", "sign_within", "sign_unit",
                    "resolve_within", "resolve_unit", "is_active"]
    list_filter = ["parent", "is_active", "resolve_unit"]
    search_fields = ["name", "code", "keywords"]
    inlines = [RoutingRuleInline]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = ["category", "jurisdiction", "handling_unit"]
    list_filter = ["category__parent", "jurisdiction__kind"]
    search_fields = ["category__name", "jurisdiction__name", "handling_unit__name"]
    autocomplete_fields = ["category", "jurisdiction", "handling_unit"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin[ReplyTemplate]):
    """Standard replies, entered per language side by side (the system administrator's duty)."""

    list_display = ["title", "category", "is_active", "position"]
    list_filter = ["is_active", "category__parent"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["category"]
    fields = ["title", "title_translations", "category", "body", "body_translations", "is_active",
              "position"]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin[HolidayOverride]):
    list_display = ["day", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "day"


class EventInline(admin.TabularInline[RequestEvent, Any]):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "from_status", "to_status", "actor_label", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin[ServiceRequest]):
    """Read-only: requests change only through the workflow, never by editing fields here."""

    list_display = ["reference", "status", "category", "channel", "jurisdiction", "assigned_unit",
                    "submitted_at", "due_at"]
    list_filter = ["status", "channel", "request_type", "category__parent"]
    search_fields = ["reference"]
    date_hierarchy = "submitted_at"
    inlines = [EventInline]
    # Personal data never shows here unmasked: reveal it from the workbench, with a reason.
    exclude = ["contact_phone", "contact_name", "contact_phone_index", "address", "tracking_token"]
    readonly_fields = ["masked_contact", "masked_address"]

    @admin.display(description=_("contact"))
    def masked_contact(self, obj: ServiceRequest) -> str:
        return f"{obj.masked_name} {obj.masked_phone}".strip() or "—"

    @admin.display(description=_("address"))
    def masked_address(self, obj: ServiceRequest) -> str:
        return obj.masked_address or "—"

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin[Extension]):
    list_display = ["request", "decision", "new_resolve_by", "created_at"]
    list_filter = ["decision"]
    readonly_fields = ["request", "requested_by", "reason", "new_resolve_by", "decision", "decided_by",
                       "decided_at"]
