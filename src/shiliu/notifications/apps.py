from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "shiliu.notifications"
    label = "notifications"

    def ready(self) -> None:
        from shiliu.notifications import services  # noqa: F401 - subscribes to the requests' news
