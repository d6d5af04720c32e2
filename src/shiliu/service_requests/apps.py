from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "shiliu.service_requests"
    label = "service_requests"
    verbose_name = _("Requests")

    def ready(self) -> None:
        from shiliu.core import config
        from shiliu.privacy import registry
        from shiliu.service_requests import checks, permissions  # noqa: F401  (registers them)
        from shiliu.service_requests.models import Category, HolidayOverride, RoutingRule
        from shiliu.service_requests.personal_data import RequestData, register_resident_section

        registry.register(RequestData())
        register_resident_section()
        config.watch(Category, RoutingRule, HolidayOverride)  # intake reads them from the cache
