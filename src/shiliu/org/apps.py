from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "shiliu.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from shiliu.core import config
        from shiliu.org.models import OrgUnit

        config.watch(OrgUnit)  # grids, places and routing read the tree from the cache
