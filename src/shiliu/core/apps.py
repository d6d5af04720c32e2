from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shiliu.core"
    label = "core"
