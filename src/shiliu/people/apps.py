from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shiliu.people"
    label = "people"
    verbose_name = _("People and accounts")

    def ready(self) -> None:
        from shiliu.core import access
        from shiliu.people import signals, two_factor  # noqa: F401 - signals connects the audit receivers

        access.register_second_factor_step(two_factor.next_step)
