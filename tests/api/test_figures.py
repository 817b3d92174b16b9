"""Money and indicators in the API (/plans/<id>/figures/) and in the public open data."""

from __future__ import annotations

import json
from decimal import Decimal

from planwatch.monitoring.models import Indicator, IndicatorValue, ReportState, Spending
from tests.api.base import ApiTestCase
from tests.support.monitoring_base import make_report


class FiguresTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        m1 = cls.mplan.current_revision.measures.order_by("position")[0]
        m1.funding = {
            "sources": ["local_budget"],
            "amounts": [
                {"year": 2025, "amount": "10.5", "unit": "тис. грн", "source": "local_budget"}
            ],
        }
        m1.save()
        accepted = make_report(cls._expected_report(m1, "2025-Q2"), state=ReportState.ACCEPTED)
        draft = make_report(cls._expected_report(m1, "2025-Q3"))
        Spending.objects.create(report=accepted, source="local_budget", amount=Decimal("2.1"))
        Spending.objects.create(report=draft, source="local_budget", amount=Decimal("5"))
        ind = Indicator.objects.get(measure=m1)
        IndicatorValue.objects.create(report=accepted, indicator=ind, value=Decimal("85.5"))
        IndicatorValue.objects.create(report=draft, indicator=ind, value=Decimal("99"))

    @classmethod
    def _expected_report(cls, measure, period):
        return measure.expected_reports.get(organization=cls.service, period=period)

    def test_the_coordinator_gets_planned_spent_and_indicator_values(self):
        body = self.get_json(f"/api/v1/plans/{self.mplan.pk}/figures/", self.coordinator)
        (row,) = body["money"]
        self.assertEqual((row["year"], row["planned"], row["spent"]), (2025, "10.5", "2.1"))
        self.assertEqual(row["share_spent"], "20")
        (ind,) = body["indicators"]
        self.assertEqual(ind["unit"], "%")
        self.assertEqual([p["value"] for p in ind["periods"]], ["85.5"])  # the draft is not

    def test_executors_and_outsiders_get_404(self):
        for user in (self.executor, self.outsider):
            self.get_json(f"/api/v1/plans/{self.mplan.pk}/figures/", user, status=404)

    def test_the_open_data_carries_both(self):
        self.mplan.is_public = True
        self.mplan.save()
        csv = self.client.get(f"/public/plans/{self.mplan.pk}/money.csv").content.decode()
        self.assertIn("2025,local_budget,місцевий бюджет,10.5,2.1,20", csv)
        body = json.loads(self.client.get(f"/public/plans/{self.mplan.pk}/indicators.json").content)
        self.assertEqual(body["records"][0]["periods"][0]["running_total"], "85.5")
        passport = self.client.get(f"/public/plans/{self.mplan.pk}/passport.json").json()
        self.assertIn("money.csv", " ".join(r["url"] for r in passport["resources"]))
