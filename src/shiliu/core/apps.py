from typing import Any

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shiliu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from shiliu.core import config  # noqa: F401  (follows each request, for its copies)
        from shiliu.core.languages import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="shiliu-language-on-sign-in")
        # Data migrations change configuration without signals: running processes reload it.
        post_migrate.connect(_configuration_migrated, sender=self, dispatch_uid="shiliu-config-migrated")
    default = True


def _configuration_migrated(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from shiliu.core import config

    if "core_configversion" in connections[using].introspection.table_names():
        config.config_changed()


class ShiliuAdminConfig(admin_apps.AdminConfig):
    """The admin app with our site (三员 duties, audited) as `admin.site`."""

    default = False
    default_site = "shiliu.core.admin_site.ShiliuAdminSite"
