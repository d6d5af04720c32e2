from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "shiliu.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from shiliu.insights import permissions, receivers  # noqa: F401 - registers them
