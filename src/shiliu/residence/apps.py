from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidenceConfig(AppConfig):
    name = "shiliu.residence"
    label = "residence"
    verbose_name = _("Residence declarations")

    def ready(self) -> None:
        from shiliu.privacy import registry
        from shiliu.residence import permissions  # noqa: F401  (registers the policy)
        from shiliu.residence.personal_data import DeclarationData, register_resident_section

        registry.register(DeclarationData())
        register_resident_section()
