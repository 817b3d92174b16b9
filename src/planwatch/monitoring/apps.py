from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "planwatch.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from planwatch.monitoring import signals  # noqa: F401  (connects the recompute hooks)

    def load_demo(self, stdout=None) -> None:
        """Called by `manage.py load_demo` after the sample plans are in."""
        from planwatch.monitoring.demo import add_demo_reports

        add_demo_reports(stdout)
