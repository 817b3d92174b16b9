"""The reports world: monitoring's plan (co-executors, a partner, a target) with accepted,
submitted and draft reports for 2025-Q3, and a temporary folder for generated files."""

from __future__ import annotations

import datetime as dt
import tempfile

from django.test import override_settings

from planwatch.monitoring.models import Outcome, ReportState
from tests.support.monitoring_base import MonitoringTestCase, make_report

REPORTS_DIR = tempfile.mkdtemp(prefix="planwatch-reports-")
TODAY = dt.date(2026, 11, 23)


@override_settings(PLANWATCH_REPORTS_ROOT=REPORTS_DIR, PLANWATCH_REPORTS_INLINE=True)
class ReportsTestCase(MonitoringTestCase):
    """Q3 2025: measure 1 done by the service, in progress at the centre (both accepted);
    measure 2 not done (accepted, with a value); measure 3 only submitted (not counted)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        accepted = ReportState.ACCEPTED
        make_report(
            cls._expected_report(1, cls.service),
            accepted,
            Outcome.DONE,
            narrative="Службою проведено 4 засідання.",
            values=[{"target": 100, "unit": "%", "text": "охоплення 100 % сімей", "value": 85}],
        )
        make_report(
            cls._expected_report(1, cls.center),
            accepted,
            Outcome.IN_PROGRESS,
            narrative="Центр провів тренінг для 12 сімей.",
        )
        make_report(
            cls._expected_report(2, cls.service),
            accepted,
            Outcome.NOT_DONE,
            narrative="Не виконано.",
        )
        make_report(
            cls._expected_report(3, cls.service),
            ReportState.SUBMITTED,
            Outcome.DONE,
            narrative="Ще не прийнято.",
        )

    @classmethod
    def _expected_report(cls, number: int, org, period: str = "2025-Q3"):
        from planwatch.monitoring.models import ExpectedReport

        measure = cls.mplan.current_revision.measures.order_by("position")[number - 1]
        return ExpectedReport.objects.get(measure=measure, organization=org, period=period)
