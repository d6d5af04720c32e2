"""Accounts and roles in the admin: the security administrator's desk (三员).

Permissions come from staff roles only, so Django's superuser and staff flags, groups and
permissions are not offered here (changes to them by any other path are still audited).
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shiliu.people import two_factor
from shiliu.people.models import StaffRole, User, duties_conflict


class StaffRoleFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """The roles of one account, checked together: an administrator duty stands alone."""

    def clean(self) -> None:
        super().clean()
        kept = [
            form.cleaned_data["role"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role")
        ]
        for role in kept:
            error = duties_conflict(role, [other for other in kept if other != role])
            if error:
                raise ValidationError(error)


class StaffRoleInline(admin.TabularInline[StaffRole, Any]):
    model = StaffRole
    formset = StaffRoleFormSet
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = [
        "username",
        "display_name",
        "roles_held",
        "preferred_language",
        "languages_spoken",
        "is_active",
        "last_login",
    ]
    list_filter = ["staff_roles__role", "is_active", "preferred_language"]
    search_fields = ["username", "display_name"]
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        (
            _("Person"),
            {"fields": ["display_name", "first_name", "last_name", "email", "preferred_language", "languages_spoken"]},
        ),
        (
            _("Access"),
            {
                "fields": ["is_active"],
                "description": _(
                    "What an account may do comes from its staff roles "
                    "below; staff sign in with a second factor."
                ),
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    )
    readonly_fields = ["last_login", "date_joined"]
    inlines = [StaffRoleInline]
    actions = ["reset_two_factor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("staff_roles")

    @admin.display(description=_("roles"))
    def roles_held(self, user: User) -> str:
        return ", ".join(sorted({str(role.get_role_display()) for role in user.staff_roles.all()}))

    @admin.action(
        description=_("Reset two-step sign-in (the person enrols again)"), permissions=["change"]
    )
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            two_factor.two_factor_reset(actor=request.user, user=user, request=request)  # type: ignore[arg-type]
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in was reset for %(count)d account.",
                "Two-step sign-in was reset for %(count)d accounts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin[StaffRole]):
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__display_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
