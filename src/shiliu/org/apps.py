from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "shiliu.org"
    label = "org"
