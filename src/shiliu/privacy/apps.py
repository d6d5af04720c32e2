from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "shiliu.privacy"
    label = "privacy"

    def ready(self) -> None:
        from shiliu.privacy import checks  # noqa: F401  (registers them)
