from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "shiliu.privacy"
    label = "privacy"

    def ready(self) -> None:
        from shiliu.people import sign_in_locks
        from shiliu.privacy import checks  # noqa: F401  (registers them)
        from shiliu.privacy.identities import ResidentIdentities

        sign_in_locks.register_resident_identities(ResidentIdentities())
