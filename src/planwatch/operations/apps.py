from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The top floor: commands that work on the whole database (backup, restore, a synthetic
    country for load tests) and so may import every app; nothing imports them."""

    name = "planwatch.operations"
    label = "operations"
    verbose_name = "planwatch operations"
