from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "shiliu.api"
    label = "api"
    verbose_name = _("API keys and integrations")

    def ready(self) -> None:
        from shiliu.api.models import CategoryQuestion
        from shiliu.core import config

        config.watch(CategoryQuestion)  # intake checks the answers against the cached questions
