from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shiliu.people"
    label = "people"
    verbose_name = _("People and accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from shiliu.core import access
        from shiliu.org.models import OrgUnit
        from shiliu.people import signals, two_factor  # noqa: F401 - signals connects the audit receivers
        from shiliu.people.models import StaffRole, held_roles_changed

        for model in (StaffRole, OrgUnit):  # a role's unit path is part of what a user keeps
            post_save.connect(held_roles_changed, sender=model, dispatch_uid=f"held-roles-{model.__name__}")
            post_delete.connect(held_roles_changed, sender=model, dispatch_uid=f"held-roles-del-{model.__name__}")

        access.register_second_factor_step(two_factor.next_step)
