from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "shiliu.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from shiliu.core import config
        from shiliu.people import sign_in_locks
        from shiliu.privacy import checks  # noqa: F401  (registers them)
        from shiliu.privacy.identities import ResidentIdentities

        sign_in_locks.register_resident_identities(ResidentIdentities())
        from shiliu.privacy.models import Notice, NoticeText

        config.watch(Notice, NoticeText)  # intake records consent against the cached notices
