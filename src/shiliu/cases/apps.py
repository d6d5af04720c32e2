from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "shiliu.cases"
    label = "cases"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from shiliu.cases import permissions  # noqa: F401  (registers the policies)
        from shiliu.cases.personal_data import CaseData, register_resident_section
        from shiliu.privacy import registry

        registry.register(CaseData())
        register_resident_section()
