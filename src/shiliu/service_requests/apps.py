from django.apps import AppConfig


class ServiceRequestsConfig(AppConfig):
    name = "shiliu.service_requests"
    label = "service_requests"

    def ready(self) -> None:
        from shiliu.privacy import registry
        from shiliu.service_requests import checks, permissions  # noqa: F401  (registers them)
        from shiliu.service_requests.personal_data import RequestData

        registry.register(RequestData())
