from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shiliu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from shiliu.core.languages import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="shiliu-language-on-sign-in")
    default = True


class ShiliuAdminConfig(admin_apps.AdminConfig):
    """The admin app with our site (三员 duties, audited) as `admin.site`."""

    default = False
    default_site = "shiliu.core.admin_site.ShiliuAdminSite"
