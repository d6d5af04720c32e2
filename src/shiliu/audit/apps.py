from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shiliu.audit"
    label = "audit"

    def ready(self) -> None:
        from shiliu.audit import checks  # noqa: F401 - registers the retention check
