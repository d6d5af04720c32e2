from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "shiliu.api"
    label = "api"
