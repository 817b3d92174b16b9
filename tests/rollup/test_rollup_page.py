"""The roll-up page: figures per community and in total, access, drill-down, query count."""

from __future__ import annotations

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.models import ExpectedReport, Outcome, ReportState
from planwatch.orgs.models import Role
from tests.rollup.base import LATE, NOW, ON_TIME, RollupTestCase, add_community
from tests.support.factory import make_user


@time_machine.travel(NOW, tick=False)
class RollupPageTestCase(RollupTestCase):
    def setUp(self) -> None:
        self.report(self.mplan, 1, "2025-Q3", outcome=Outcome.DONE, submitted_at=ON_TIME)
        self.report(self.mplan, 2, "2025-Q3", outcome=Outcome.NOT_DONE, submitted_at=LATE)
        self.report(self.bplan, 1, "2025-Q3", outcome=Outcome.DONE, submitted_at=ON_TIME)
        self.report(self.bplan, 2, "2025-Q3", state=ReportState.SUBMITTED, submitted_at=ON_TIME)

    def row(self, response, org):
        return next(c for c in response.context["r"].communities if c.id == org.pk)

    def test_it_rolls_up_every_community_below_the_district(self):
        self.login(self.reviewer)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        names = [c.name for c in response.context["r"].communities]
        self.assertEqual(names, [self.community.name, self.other_community.name])
        self.assertContains(response, self.bplan.title)

    def test_statuses_are_counted_from_accepted_reports(self):
        self.login(self.reviewer)
        response = self.client.get(self.url())
        first = self.row(response, self.community).figures
        # mplan: measure 1 "done" (the only accepted report), measure 2 "not done"
        self.assertEqual(first.measures, 6)
        self.assertEqual(first.statuses["done"], 1)
        self.assertEqual(first.statuses["not_done"], 1)
        self.assertEqual(first.statuses["no_data"], 4)
        second = self.row(response, self.other_community).figures
        self.assertEqual((second.statuses["done"], second.statuses["no_data"]), (1, 1))
        totals = response.context["r"].totals
        self.assertEqual(totals.measures, 8)
        self.assertEqual(sum(totals.statuses.values()), 8)

    def test_report_figures_follow_the_dashboard_definitions(self):
        self.login(self.reviewer)
        response = self.client.get(self.url(period="2025-Q3"))
        second = self.row(response, self.other_community).figures.reports
        expected = ExpectedReport.objects.counted().filter(plan=self.bplan, period="2025-Q3")
        self.assertEqual(second.expected, expected.count())
        self.assertEqual((second.received, second.on_time), (2, 2))
        self.assertEqual(second.completeness, 100)
        first = self.row(response, self.community).figures.reports
        self.assertEqual((first.received, first.on_time, first.on_time_rate), (2, 1, 50))

    def test_a_year_holds_its_quarters(self):
        self.login(self.reviewer)
        year = self.client.get(self.url(period="2025")).context["r"].totals.reports
        quarters = [
            self.client.get(self.url(period=f"2025-Q{q}")).context["r"].totals.reports
            for q in range(1, 5)
        ]
        self.assertEqual(year.expected, sum(q.expected for q in quarters))
        self.assertEqual(year.received, sum(q.received for q in quarters))

    def test_measures_past_their_deadline_are_listed_as_overdue(self):
        # mplan measure 2 ended 2025-12-31 and is "not done"
        self.login(self.reviewer)
        response = self.client.get(self.url(period="2025-Q4"))
        overdue = response.context["r"].overdue
        self.assertEqual([o.measure_id for o in overdue], [self.measures()[1].pk])
        self.assertContains(response, f"/plans/{self.mplan.pk}/measures/{overdue[0].measure_id}/")
        self.assertEqual(response.context["r"].totals.overdue_measures, 1)

    def test_each_plan_links_to_its_monitoring_dashboard(self):
        self.login(self.reviewer)
        response = self.client.get(self.url(period="2025-Q3"))
        for plan in (self.plan, self.mplan, self.bplan):
            self.assertContains(response, f"/monitoring/plans/{plan.pk}/?period=2025-Q3")
        self.assertContains(response, "<svg", count=3)

    def test_the_page_offers_the_documents(self):
        self.login(self.reviewer)
        response = self.client.get(self.url())
        for fmt in ("docx", "xlsx", "pdf"):
            self.assertContains(response, f"/rollup/{self.district.pk}/report.{fmt}?period=2025")

    def test_without_a_period_it_shows_the_last_one_that_ended(self):
        self.login(self.reviewer)
        response = self.client.get(f"/rollup/{self.district.pk}/")
        self.assertEqual(response.context["r"].period.label, "2025-Q4")

    def test_a_malformed_period_is_404(self):
        self.login(self.reviewer)
        self.assertEqual(self.client.get(self.url(period="2025-Q7")).status_code, 404)

    def test_a_community_coordinator_sees_only_its_community(self):
        self.login(self.coordinator)
        response = self.client.get(self.url(org=self.community))
        self.assertEqual([c.id for c in response.context["r"].communities], [self.community.pk])
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_viewers_and_admins_above_see_it(self):
        for role in (Role.VIEWER, Role.ADMIN, Role.COORDINATOR):
            self.login(make_user(None, self.oblast, role))
            self.assertEqual(self.client.get(self.url(org=self.oblast)).status_code, 200, role)

    def test_executors_and_outsiders_get_404(self):
        for user in (self.executor, self.outsider, self.other_executor):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 404, user)
            self.assertEqual(
                self.client.get(f"/rollup/{self.district.pk}/report.xlsx").status_code, 404
            )

    def test_anonymous_users_are_sent_to_login(self):
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        self.assertEqual(self.client.get(f"/rollup/{self.district.pk}/report.pdf").status_code, 302)

    def test_the_index_lists_what_the_user_may_roll_up(self):
        self.login(self.reviewer)
        response = self.client.get("/rollup/")
        self.assertContains(response, f"/rollup/{self.district.pk}/")
        self.assertContains(response, f"/rollup/{self.community.pk}/")
        self.assertNotContains(response, f"/rollup/{self.oblast.pk}/")


@time_machine.travel(NOW, tick=False)
class RollupQueryCountTestCase(RollupTestCase):
    def queries(self) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(self.url(org=self.oblast)).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_query_count_does_not_grow_with_communities_and_plans(self):
        self.login(make_user(None, self.oblast, Role.REVIEWER))
        self.assertEqual(
            len(self.client.get(self.url(org=self.oblast)).context["r"].communities), 2
        )
        two = self.queries()
        for n in range(4):
            add_community(self.district, n, plans=2)
        response = self.client.get(self.url(org=self.oblast))
        self.assertEqual(len(response.context["r"].communities), 6)
        self.assertEqual(self.queries(), two)
        self.assertLessEqual(two, 16)  # + spending, indicators, their values; linked plans
