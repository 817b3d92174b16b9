"""Every list (and the tree, status and coverage) costs the same number of queries whatever
the amount of data: measured before and after the world grows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.orgs.models import OrgKind
from tests.api.base import ApiTestCase
from tests.support.factory import make_org, make_plan
from tests.support.monitoring_base import make_report, monitored_plan_dict

LISTS = [
    "/api/v1/organizations/",
    "/api/v1/plans/",
    "/api/v1/measures/",
    "/api/v1/reports/",
    "/api/v1/strategy/documents/",
]


class QueryCountsTestCase(ApiTestCase):
    def count(self, client, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def grow(self) -> None:
        """More organisations, plans, measures, expected and written reports."""
        for i in range(3):
            make_org(f"Заклад {i}", OrgKind.INSTITUTION, self.community)
            plan = make_plan(
                self.community, doc=monitored_plan_dict(extra=6), user=self.coordinator
            )
            for expected_report in ExpectedReport.objects.filter(
                plan=plan, organization=self.service
            )[:5]:
                make_report(expected_report, state=ReportState.SUBMITTED)

    def counts(self, user, urls) -> dict[str, int]:
        client = self.api(user)
        return {url: self.count(client, url) for url in urls}

    def assert_constant(self, user, urls) -> dict[str, int]:
        if not hasattr(self.expected_report(2), "report"):  # both sizes have reports
            make_report(self.expected_report(2), state=ReportState.ACCEPTED)
        before = self.counts(user, urls)
        self.grow()
        self.assertEqual(before, self.counts(user, urls))
        return before

    def test_lists_for_an_executor(self):
        counts = self.assert_constant(self.executor, LISTS + ["/api/v1/reports/?mine=true"])
        self.assertLessEqual(max(counts.values()), 7, counts)

    def test_lists_for_a_coordinator(self):
        self.assert_constant(self.coordinator, LISTS)

    def test_lists_for_anonymous_callers(self):
        self.assert_constant(None, ["/api/v1/plans/", "/api/v1/measures/", "/api/v1/reports/"])

    def test_tree_status_and_coverage(self):
        from planwatch.strategy.models import StrategyDocument

        StrategyDocument.objects.create(code="s", title="С", short_title="С", is_current=True)

        def urls(plan) -> list[str]:
            # built anew for each plan: replacing the plan's id inside the strings would also
            # change an organisation's id that happens to contain it (14 in 149)
            return [
                f"/api/v1/plans/{plan.pk}/tree/",
                f"/api/v1/plans/{plan.pk}/reporting-status/",
                f"/api/v1/coverage/?organization={self.community.pk}",
            ]

        before = self.counts(self.coordinator, urls(self.mplan))
        self.grow()
        big = make_plan(self.community, doc=monitored_plan_dict(extra=30), user=self.coordinator)
        after = self.counts(self.coordinator, urls(big))
        self.assertEqual(list(before.values()), list(after.values()))
