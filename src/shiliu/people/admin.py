from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from shiliu.people.models import StaffRole, User


class StaffRoleInline(admin.TabularInline[StaffRole, Any]):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ["username", "display_name", "preferred_language", "languages_spoken",
                    "is_active", "is_staff"]
    list_filter = ["staff_roles__role", "is_active", "preferred_language"]
    search_fields = ["username", "display_name"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Shiliu", {  # type: ignore[misc]
        "fields": ["display_name", "preferred_language", "languages_spoken"]}))
    inlines = [StaffRoleInline]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin[StaffRole]):
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__display_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
