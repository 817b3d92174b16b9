from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "planwatch.lib"
    label = "lib"
    verbose_name = "planwatch lib"
