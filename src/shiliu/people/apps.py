from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shiliu.people"
    label = "people"
    verbose_name = _("People and accounts")

    def ready(self) -> None:
        from shiliu.people import signals  # noqa: F401 - connects the audit receivers
