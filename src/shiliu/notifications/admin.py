from typing import Any

from django.contrib import admin

from shiliu.notifications.models import Delivery, Notification


class DeliveryInline(admin.TabularInline[Delivery, Any]):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["channel", "status", "error", "created_at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["subject", "kind", "language", "created_at", "read_at"]
    list_filter = ["kind"]
    readonly_fields = ["request", "recipient", "kind", "language", "subject", "body", "read_at"]
    inlines = [DeliveryInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
