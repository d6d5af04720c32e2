from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "shiliu.people"
    label = "people"

    def ready(self) -> None:
        from shiliu.people import signals  # noqa: F401 - connects the audit receivers
