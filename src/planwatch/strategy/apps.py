from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "planwatch.strategy"
    label = "strategy"
    verbose_name = _("National Strategy")

    def ready(self) -> None:
        from planwatch.strategy import signals  # noqa: F401  (queues suggestions on publish)
