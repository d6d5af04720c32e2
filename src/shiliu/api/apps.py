from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "shiliu.api"
    label = "api"
    verbose_name = _("API keys and integrations")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from shiliu.api import receivers
        from shiliu.api.models import ApiKey, CategoryQuestion
        from shiliu.core import config
        from shiliu.people.models import StaffRole, User

        config.watch(CategoryQuestion)  # intake checks the answers against the cached questions
        config.watch(ApiKey)  # every keyed call reads its key from the cache (api_key_authenticate)
        # ... with its service account and that account's roles: a change to those counts too.
        post_save.connect(receivers.account_saved, sender=User, dispatch_uid="api-keys-account-saved")
        post_save.connect(receivers.role_changed, sender=StaffRole, dispatch_uid="api-keys-role-saved")
        post_delete.connect(receivers.role_changed, sender=StaffRole, dispatch_uid="api-keys-role-deleted")
