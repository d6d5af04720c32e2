from django.contrib import admin

from shiliu.cases.models import NeedItem


@admin.register(NeedItem)
class NeedItemAdmin(admin.ModelAdmin[NeedItem]):
    """The needs checklist of an assessment (the system administrator's configuration)."""

    list_display = ["name", "code", "order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    fields = ["code", "name", "name_translations", "order", "active"]
