"""A plan's reporting status (the dashboard's numbers) and Strategy coverage."""

from __future__ import annotations

from planwatch.monitoring.models import ReportState
from planwatch.strategy.models import Crosswalk, Level, Source, StrategyDocument, StrategyItem
from tests.api.base import ApiTestCase
from tests.support.monitoring_base import make_report


class ReportingStatusTestCase(ApiTestCase):
    def url(self, query=""):
        return f"/api/v1/plans/{self.mplan.pk}/reporting-status/{query}"

    def test_the_coordinator_gets_counts_per_period_and_executor(self):
        make_report(self.expected_report(2), state=ReportState.ACCEPTED)
        body = self.get_json(self.url("?period=2025-Q3"), self.coordinator)
        self.assertEqual((body["period"], body["frequency"]), ("2025-Q3", "quarterly"))
        self.assertEqual(body["due_date"], "2025-10-20")
        q3 = next(p for p in body["periods"] if p["period"] == "2025-Q3")
        self.assertEqual((q3["received"], q3["accepted"], q3["on_time"]), (1, 1, 1))
        self.assertEqual(q3["outstanding"], q3["expected"] - 1)
        service = next(e for e in body["executors"] if e["organization"]["id"] == self.service.pk)
        self.assertEqual(service["received"], 1)
        self.assertEqual(body["measures"]["no_data"] + body["measures"]["in_progress"], 3)

    def test_past_periods_count_missing_reports_as_overdue(self):
        body = self.get_json(self.url(), self.coordinator)
        self.assertEqual(body["period"], "2025-Q3")  # the latest period that has ended
        q2 = next(p for p in body["periods"] if p["period"] == "2025-Q2")
        self.assertEqual((q2["overdue"], q2["due"]), (q2["expected"], 0))

    def test_only_monitors_of_the_plan_get_it(self):
        self.get_json(self.url(), self.reviewer)
        self.get_json(self.url(), self.executor, status=404)
        self.get_json(self.url(), self.outsider, status=404)
        self.get_json(self.url(), status=401)
        self.get_json(self.url("?period=2025-Q9"), self.coordinator, status=400)


class CoverageTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.document = StrategyDocument.objects.create(
            code="strategy-2024", title="Стратегія", short_title="Стратегія", is_current=True
        )
        goal = StrategyItem.objects.create(
            document=cls.document, level=Level.STRATEGIC_GOAL, number="1", title="Ціль"
        )
        cls.covered = StrategyItem.objects.create(
            document=cls.document,
            parent=goal,
            level=Level.OPERATIONAL_GOAL,
            number="1.1",
            title="А",
        )
        cls.gap = StrategyItem.objects.create(
            document=cls.document,
            parent=goal,
            level=Level.OPERATIONAL_GOAL,
            number="1.2",
            title="Б",
        )
        measure = cls.mplan.current_revision.measures.order_by("position").first()
        Crosswalk.objects.create(item=cls.covered, measure=measure, source=Source.EXPLICIT)

    def test_the_matrix_lists_gaps_first_and_counts_measures_by_status(self):
        body = self.get_json(f"/api/v1/coverage/?organization={self.district.pk}", self.reviewer)
        self.assertEqual(body["document"]["code"], "strategy-2024")
        self.assertEqual([r["item"]["number"] for r in body["rows"]], ["1.2", "1.1"])
        covered = body["rows"][1]
        self.assertEqual(covered["total"], 1)
        self.assertEqual(
            covered["cells"],
            [{**covered["cells"][0], "organization": self.community.pk, "measures": 1}],
        )
        self.assertEqual(body["rows"][0]["cells"], [])

    def test_an_organisation_the_caller_does_not_see_is_404(self):
        self.get_json(
            f"/api/v1/coverage/?organization={self.other_community.pk}", self.executor, status=404
        )
        self.get_json("/api/v1/coverage/?document=nope", self.reviewer, status=404)
        self.get_json("/api/v1/coverage/", status=401)

    def test_strategy_documents_are_listed_for_everyone(self):
        rows = self.get_json("/api/v1/strategy/documents/")["results"]
        self.assertEqual([r["code"] for r in rows], ["strategy-2024"])
