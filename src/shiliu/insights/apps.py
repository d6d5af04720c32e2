from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "shiliu.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from shiliu.core import config
        from shiliu.insights import permissions, receivers  # noqa: F401 - registers them
        from shiliu.insights.models import ModelVersion

        config.watch(ModelVersion)  # intake suggests with the cached newest version
