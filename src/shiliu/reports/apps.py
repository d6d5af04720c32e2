from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "shiliu.reports"
    label = "reports"
