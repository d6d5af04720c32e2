from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    label = "bench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shiliu.core import access

        access.ACCESS["bench-bare-insert"] = access.PUBLIC  # the baseline takes no credential
        # The page baseline asks what the workbench asks: signed in, second factor, a staff role.
        access.ACCESS["bench-bare-page"] = access.ACCESS["service_requests:workbench"]
