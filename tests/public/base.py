"""The public world: the monitoring world with reports in every state on `self.mplan`."""

from __future__ import annotations

import datetime as dt

from planwatch.monitoring.models import Outcome, ReportState
from tests.support.monitoring_base import KYIV, MonitoringTestCase, make_report

NOW = dt.datetime(2026, 1, 25, 10, 0, tzinfo=KYIV)
SECRET = "Петренко О.М., тел. 067 123 45 67, petrenko@rada.gov.ua"


class PublicTestCase(MonitoringTestCase):
    def setUp(self) -> None:
        make_report(self.expected_report(1), state=ReportState.ACCEPTED, outcome=Outcome.DONE,
                    narrative=f"Проведено навчання для 25 фахівців. Відповідальна {SECRET}")  # fmt: skip
        make_report(self.expected_report(2), state=ReportState.SUBMITTED, outcome=Outcome.DONE,
                    narrative="Ще не прийнятий звіт про тренінг")  # fmt: skip
        make_report(
            self.expected_report(3), state=ReportState.DRAFT, narrative="Чернетка про зустріч"
        )
        make_report(self.expected_report(1, org=self.center), state=ReportState.RETURNED,
                    narrative="Повернутий звіт центру")  # fmt: skip

    def get(self, path: str):
        response = self.client.get(f"/public/plans/{self.mplan.pk}/{path}")
        self.assertEqual(response.status_code, 200, path)
        return response
