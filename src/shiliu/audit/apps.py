from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "shiliu.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from shiliu.audit import checks, receivers  # noqa: F401 - the retention check, admin changes
