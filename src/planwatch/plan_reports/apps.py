from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanReportsConfig(AppConfig):
    """The official plan reports (documents for the head of the body), apart from an executor's
    `ExecutionReport`. The label stays "reports" so its tables, migrations, permissions and URL
    namespace are the ones every installation already has."""

    name = "planwatch.plan_reports"
    label = "reports"
    verbose_name = _("Plan reports")
