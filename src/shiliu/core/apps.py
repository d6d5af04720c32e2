from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "shiliu.core"
    label = "core"
    default = True


class ShiliuAdminConfig(admin_apps.AdminConfig):
    """The admin app with our site (三员 duties, audited) as `admin.site`."""

    default = False
    default_site = "shiliu.core.admin_site.ShiliuAdminSite"
