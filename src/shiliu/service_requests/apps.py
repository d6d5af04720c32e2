from django.apps import AppConfig


class ServiceRequestsConfig(AppConfig):
    name = "shiliu.service_requests"
    label = "service_requests"

    def ready(self) -> None:
        from shiliu.service_requests import checks, permissions  # noqa: F401  (registers them)
