"""API keys in the admin: issue one (the key is shown once, on the page that follows), see which
are in use, revoke them. A key's unit and permissions are fixed when it is issued: to change them,
issue a new key and revoke the old one. Category questions are edited beside their category."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shiliu.api.models import ApiKey, CategoryQuestion, Scope
from shiliu.api.services import api_key_issue, api_key_revoke
from shiliu.org.models import OrgUnit


class ApiKeyIssueForm(forms.ModelForm):  # type: ignore[type-arg]
    scopes = forms.MultipleChoiceField(
        label=_("Permissions"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.REQUESTS_CREATE, Scope.REQUESTS_READ],
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.filter(is_active=True))

    class Meta:
        model = ApiKey
        fields = ["name", "unit", "scopes"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    list_display = [
        "name",
        "prefix",
        "unit",
        "scope_list",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "unit__kind"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    readonly_fields = [
        "name",
        "prefix",
        "unit",
        "scope_list",
        "user",
        "issued_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]

    @admin.display(description=_("permissions"))
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes)

    def get_form(
        self, request: HttpRequest, obj: ApiKey | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = ApiKeyIssueForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> Any:
        return self.readonly_fields if obj is not None else ["name", "unit", "scopes"]

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            return  # a key is never edited; it is revoked and replaced
        issued, raw_key = api_key_issue(
            actor=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            unit=form.cleaned_data["unit"],
            scopes=form.cleaned_data["scopes"],
        )
        obj.pk = issued.pk
        messages.warning(
            request,
            _("The key for %(name)s, shown only this once: %(key)s")
            % {"name": issued.name, "key": raw_key},
        )

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for api_key in queryset.filter(revoked_at__isnull=True):
            api_key_revoke(actor=request.user, api_key=api_key)  # type: ignore[arg-type]
        messages.success(request, _("The selected keys are revoked."))


class CategoryQuestionInline(admin.TabularInline[CategoryQuestion, Any]):
    model = CategoryQuestion
    extra = 0
    fields = ["order", "code", "question", "datatype", "required", "choices"]


@admin.register(CategoryQuestion)
class CategoryQuestionAdmin(admin.ModelAdmin[CategoryQuestion]):
    list_display = ["question", "category", "code", "datatype", "required", "order"]
    list_filter = ["datatype", "required"]
    search_fields = ["question", "code", "category__name"]
    autocomplete_fields = ["category"]
