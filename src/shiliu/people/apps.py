from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "shiliu.people"
    label = "people"

    def ready(self) -> None:
        from shiliu.core import access
        from shiliu.people import signals, two_factor  # noqa: F401 - signals connects the audit receivers

        access.register_second_factor_step(two_factor.next_step)
