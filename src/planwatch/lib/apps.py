from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "planwatch.lib"
    label = "lib"
    verbose_name = "planwatch lib"

    def ready(self) -> None:
        from planwatch.lib import security  # noqa: F401 — connects the login-failure counters
