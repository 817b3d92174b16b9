"""The coordinator's dashboard, the drill-down list, the schedule page, the status rule."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.expected import sync_expected
from planwatch.monitoring.models import ExpectedReport, Outcome, ReportState
from planwatch.monitoring.status import combine, is_overdue, statuses
from planwatch.orgs.models import Role
from tests.support.factory import make_plan, make_user
from tests.support.monitoring_base import (
    KYIV,
    MonitoringTestCase,
    make_report,
    monitored_plan_dict,
)

NOW = dt.datetime(2025, 10, 25, 10, 0, tzinfo=KYIV)


class MeasureStatusRuleTestCase(MonitoringTestCase):
    def test_all_done_is_done(self):
        self.assertEqual(combine(["done", "done"]), "done")

    def test_one_co_executor_done_does_not_finish_a_shared_measure(self):
        self.assertEqual(combine(["done", "in_progress"]), "in_progress")

    def test_not_done_outweighs_postponed_and_in_progress(self):
        self.assertEqual(combine(["in_progress", "postponed", "not_done"]), "not_done")
        self.assertEqual(combine(["in_progress", "postponed"]), "postponed")

    def test_obsolete_only_when_everyone_says_so(self):
        self.assertEqual(combine(["obsolete", "obsolete"]), "obsolete")
        self.assertEqual(combine(["obsolete", "done"]), "done")

    def test_the_latest_period_with_accepted_reports_decides(self):
        rows = [
            (1, "2025-06-30", "not_done"),
            (1, "2025-09-30", "done"),
            (2, "2025-03-31", "postponed"),
        ]
        self.assertEqual(statuses(rows), {1: "done", 2: "postponed"})

    def test_a_measure_past_its_end_without_done_is_overdue(self):
        today = dt.date(2026, 1, 5)
        self.assertTrue(is_overdue("in_progress", dt.date(2025, 12, 31), today))
        self.assertTrue(is_overdue("no_data", dt.date(2025, 12, 31), today))
        self.assertFalse(is_overdue("done", dt.date(2025, 12, 31), today))
        self.assertFalse(is_overdue("in_progress", None, today))


@time_machine.travel(NOW, tick=False)
class DashboardTestCase(MonitoringTestCase):
    def url(self, plan=None, period="2025-Q3"):
        return f"/monitoring/plans/{(plan or self.mplan).pk}/?period={period}"

    def test_it_shows_completeness_and_on_time_rate(self):
        on_time = dt.datetime(2025, 10, 10, 12, 0, tzinfo=KYIV)
        late = dt.datetime(2025, 10, 22, 12, 0, tzinfo=KYIV)
        make_report(self.expected_report(1), state=ReportState.ACCEPTED, submitted_at=on_time)
        make_report(self.expected_report(2), state=ReportState.SUBMITTED, submitted_at=late)
        make_report(self.expected_report(3), state=ReportState.DRAFT)
        self.login(self.coordinator)
        response = self.client.get(self.url())
        current = response.context["current"]
        # counted in Q3: measure 1 × 2 executors, measure 2, measure 3 (partner optional) = 4
        self.assertEqual((current.expected, current.received, current.on_time), (4, 2, 1))
        self.assertEqual((current.completeness, current.on_time_rate, current.overdue), (50, 50, 2))
        self.assertContains(response, "<svg", count=3)
        self.assertContains(response, "50%")

    def test_it_lists_overdue_reports_by_executor(self):
        self.login(self.coordinator)
        response = self.client.get(self.url())
        names = [e.label for e in response.context["executors"]]
        self.assertEqual(set(names), {"Служба у справах дітей", "Центр соціальних служб"})
        self.assertContains(
            response, f"/monitoring/reports/{self.expected_report(1, org=self.center).pk}/"
        )

    def test_measures_by_status_come_from_accepted_reports_only(self):
        make_report(self.expected_report(1), state=ReportState.ACCEPTED, outcome=Outcome.DONE)
        make_report(
            self.expected_report(1, org=self.center),
            state=ReportState.ACCEPTED,
            outcome=Outcome.DONE,
        )
        make_report(self.expected_report(2), state=ReportState.SUBMITTED, outcome=Outcome.DONE)
        self.login(self.coordinator)
        by_status = dict(
            (s, n) for s, _label, n in self.client.get(self.url()).context["by_status"]
        )
        self.assertEqual((by_status["done"], by_status["no_data"]), (1, 2))

    def test_the_default_period_is_the_last_one_that_ended(self):
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/plans/{self.mplan.pk}/")
        self.assertEqual(response.context["period"].label, "2025-Q3")

    def test_reviewers_above_see_it_but_cannot_change_the_schedule(self):
        self.login(self.reviewer)
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        self.assertEqual(
            self.client.get(f"/monitoring/plans/{self.mplan.pk}/schedule/").status_code, 404
        )

    def test_executors_and_outsiders_get_404(self):
        for user in (self.executor, self.outsider, self.other_executor):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 404, user)
            self.assertEqual(
                self.client.get(f"/monitoring/plans/{self.mplan.pk}/reports/").status_code, 404
            )

    def test_anonymous_users_are_sent_to_login(self):
        self.assertEqual(self.client.get(self.url()).status_code, 302)

    def test_the_drill_down_filters_by_period_executor_and_state(self):
        make_report(self.expected_report(2), state=ReportState.SUBMITTED)
        self.login(self.coordinator)
        url = f"/monitoring/plans/{self.mplan.pk}/reports/?period=2025-Q3&show=overdue&org={self.service.pk}"
        expected_reports = list(self.client.get(url).context["page"])
        self.assertEqual(expected_reports, [self.expected_report(1), self.expected_report(3)])

    def test_a_plan_published_before_monitoring_gets_its_reports_on_first_visit(self):
        self.mplan.reporting_schedule.delete()
        ExpectedReport.objects.filter(plan=self.mplan).delete()
        self.login(self.coordinator)
        response = self.client.get(self.url())
        self.assertEqual(response.context["current"].expected, 4)


@time_machine.travel(NOW, tick=False)
class DashboardQueryCountTestCase(MonitoringTestCase):
    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def fill(self, plan):
        for expected_report in ExpectedReport.objects.filter(plan=plan, period="2025-Q3"):
            make_report(expected_report, state=ReportState.ACCEPTED, outcome=Outcome.DONE)

    def test_page_query_counts_do_not_grow_with_the_plan(self):
        small = make_plan(self.community, doc=monitored_plan_dict(extra=0), user=self.coordinator)
        big = make_plan(self.community, doc=monitored_plan_dict(extra=30), user=self.coordinator)
        self.fill(small)
        self.fill(big)
        self.login(self.coordinator)
        pages = (
            "/monitoring/plans/{}/?period=2025-Q3",
            "/monitoring/plans/{}/reports/",
            "/monitoring/plans/{}/schedule/",
        )
        for page in pages:
            self.assertEqual(
                self.queries(page.format(small.pk)), self.queries(page.format(big.pk)), page
            )
        report = "/monitoring/reports/{}/"
        a = ExpectedReport.objects.filter(plan=small).first().pk
        b = ExpectedReport.objects.filter(plan=big).last().pk
        self.assertEqual(self.queries(report.format(a)), self.queries(report.format(b)))

    def test_recomputing_expected_reports_costs_the_same_for_any_plan_size(self):
        small = make_plan(self.community, doc=monitored_plan_dict(extra=0), user=self.coordinator)
        big = make_plan(self.community, doc=monitored_plan_dict(extra=30), user=self.coordinator)
        counts = []
        for plan in (small, big):
            ExpectedReport.objects.filter(plan=plan, period="2026-Q4").delete()
            plan.refresh_from_db()
            with CaptureQueriesContext(connection) as ctx:
                sync_expected(plan)
            counts.append(len(ctx.captured_queries))
        self.assertEqual(counts[0], counts[1])

    def test_the_executor_page_query_count_does_not_grow(self):
        make_report(self.expected_report(1))  # with no report at all the evidence query is skipped
        self.login(self.executor)
        small = self.queries("/monitoring/")
        make_plan(self.community, doc=monitored_plan_dict(extra=15), user=self.coordinator)
        for expected_report in ExpectedReport.objects.filter(organization=self.service)[:10]:
            make_report(expected_report)
        self.assertEqual(self.queries("/monitoring/"), small)

    def test_the_monitoring_index_query_count_does_not_grow(self):
        self.login(self.coordinator)
        small = self.queries("/monitoring/")
        for _ in range(3):
            make_plan(self.community, doc=monitored_plan_dict(), user=self.coordinator)
        self.assertEqual(self.queries("/monitoring/"), small)


@time_machine.travel(NOW, tick=False)
class ScheduleTestCase(MonitoringTestCase):
    def test_the_coordinator_changes_the_schedule_and_reports_are_recomputed(self):
        self.login(self.coordinator)
        data = {
            "frequency": "half_yearly",
            "executor_due_days": "15",
            "summary_due_days": "30",
            "partners": "none",
            "remind_before_days": "5",
        }
        response = self.client.post(f"/monitoring/plans/{self.mplan.pk}/schedule/", data)
        self.assertRedirects(response, f"/monitoring/plans/{self.mplan.pk}/")
        expected_report = ExpectedReport.objects.get(measure=self.measures()[1], period="2025-H2")
        self.assertEqual(str(expected_report.due_date), "2026-01-15")
        self.assertEqual(
            self.mplan.reporting_schedule.__class__.objects.get(plan=self.mplan).source, "manual"
        )

    def test_a_summary_before_the_executors_due_date_is_refused_beside_the_field(self):
        self.login(self.coordinator)
        data = {
            "frequency": "quarterly",
            "executor_due_days": "20",
            "summary_due_days": "10",
            "partners": "optional",
            "remind_before_days": "5",
        }
        response = self.client.post(f"/monitoring/plans/{self.mplan.pk}/schedule/", data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["summary_due_days"])
        self.assertEqual(
            ExpectedReport.objects.get(pk=self.expected_report(1).pk).due_date,
            dt.date(2025, 10, 20),
        )

    def test_other_coordinators_cannot_reach_it(self):
        self.login(self.outsider)
        self.assertEqual(
            self.client.get(f"/monitoring/plans/{self.mplan.pk}/schedule/").status_code, 404
        )

    def test_an_oblast_coordinator_may_set_it(self):
        boss = make_user("oblast-coordinator", self.oblast, Role.COORDINATOR)
        self.login(boss)
        self.assertEqual(
            self.client.get(f"/monitoring/plans/{self.mplan.pk}/schedule/").status_code, 200
        )
        sync_expected(self.mplan)


class MeasureStatusPropertiesTestCase(MonitoringTestCase):
    """The rule, checked over many combinations rather than a few examples."""

    def test_the_rule_ignores_the_order_of_reports_and_is_done_only_when_all_are(self):
        from hypothesis import given
        from hypothesis import strategies as st

        outcomes = st.lists(st.sampled_from(list(Outcome.values)), min_size=1, max_size=6)

        @given(outcomes, st.randoms())
        def check(items, rnd):
            shuffled = list(items)
            rnd.shuffle(shuffled)
            status = combine(items)
            self.assertEqual(status, combine(shuffled))
            relevant = [o for o in items if o != Outcome.OBSOLETE]
            self.assertEqual(status == Outcome.DONE, bool(relevant) and set(relevant) == {"done"})
            if Outcome.NOT_DONE in items:
                self.assertEqual(status, Outcome.NOT_DONE)

        check()

    def test_every_quarter_folds_into_a_period_that_contains_it(self):
        from hypothesis import given
        from hypothesis import strategies as st

        from planwatch.monitoring.periods import Period, fold_quarter

        @given(
            st.integers(2000, 2100),
            st.integers(1, 4),
            st.sampled_from(["quarterly", "half_yearly", "annual"]),
        )
        def check(year, quarter, frequency):
            q = Period.parse(f"{year}-Q{quarter}")
            folded = Period.parse(fold_quarter(q.label, frequency))
            self.assertTrue(folded.contains(q.start) and folded.contains(q.end))

        check()
