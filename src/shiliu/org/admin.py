from typing import Any

from django.contrib import admin

from shiliu.org.models import OrgUnit, ServicePoint


class ChildInline(admin.TabularInline[OrgUnit, Any]):
    model = OrgUnit
    fk_name = "parent"
    fields = ["code", "name", "kind", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]
    inlines = [ChildInline]


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin[ServicePoint]):
    list_display = ["name", "kind", "unit", "opening_hours", "languages"]
    list_filter = ["kind"]
    search_fields = ["name", "address", "services"]
    autocomplete_fields = ["unit"]
