from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "shiliu.demo"
    label = "demo"
