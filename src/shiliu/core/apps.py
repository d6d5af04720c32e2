from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shiliu.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from shiliu.core.languages import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="shiliu-language-on-sign-in")
