from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "shiliu.people"
    label = "people"
