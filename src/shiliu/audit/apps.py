from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shiliu.audit"
    label = "audit"

    def ready(self) -> None:
        from shiliu.audit import checks, receivers  # noqa: F401 - the retention check, admin changes
