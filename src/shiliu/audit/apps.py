from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shiliu.audit"
    label = "audit"
