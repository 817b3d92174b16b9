"""Every page's query count is independent of the amount of data: measured at two sizes."""

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring import approvals, handover
from planwatch.monitoring.models import DueRule, Duty, DutyKind
from planwatch.monitoring.periods import Period
from planwatch.orgs.models import Role
from planwatch.plans.publish import publish_draft
from tests.support.base import BaseTestCase
from tests.support.factory import make_draft, make_plan, make_plan_dict, make_user
from tests.support.monitoring_base import monitored_plan_dict

SMALL, LARGE = 2, 40


class QueryCountTestCase(BaseTestCase):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def two_plans(self):
        small = make_plan(self.community, measures=SMALL, title="Малий план")
        large = make_plan(self.community, measures=LARGE, tasks=5, title="Великий план")
        return small, large

    def assert_same(self, small_url: str, large_url: str) -> int:
        a, b = self.count(small_url), self.count(large_url)
        self.assertEqual(a, b, f"{small_url}: {a} queries, {large_url}: {b}")
        return a

    def assert_same_after_growth(self, url: str) -> int:
        before = self.count(url)
        for i in range(4):
            make_plan(self.community, measures=10, title=f"Додатковий план {i}")
        after = self.count(url)
        self.assertEqual(before, after, f"{url}: {before} then {after} queries")
        return after

    def test_plan_page(self):
        self.login(self.coordinator)
        small, large = self.two_plans()
        self.assert_same(f"/plans/{small.pk}/", f"/plans/{large.pk}/")

    def test_measure_page(self):
        self.login(self.coordinator)
        small, large = self.two_plans()
        ms, ml = small.current_revision.measures.first(), large.current_revision.measures.last()
        self.assert_same(
            f"/plans/{small.pk}/measures/{ms.pk}/", f"/plans/{large.pk}/measures/{ml.pk}/"
        )

    def test_plan_list_search_history_and_orgs(self):
        self.login(self.coordinator)
        for url in (
            "/plans/",
            "/plans/search/?q=захід",
            "/orgs/",
            f"/plans/{self.plan.pk}/history/",
            f"/orgs/{self.community.pk}/",
            "/plans/import/",
        ):
            with self.subTest(url=url):
                self.assert_same_after_growth(url)

    def test_review_page(self):
        self.login(self.coordinator)
        small = make_draft(self.community, make_plan_dict(SMALL))
        large = make_draft(self.community, make_plan_dict(LARGE, tasks=5))
        self.assert_same(f"/plans/import/{small.pk}/", f"/plans/import/{large.pk}/")

    def test_diff_page(self):
        self.login(self.coordinator)
        small, large = self.two_plans()
        for plan, n in ((small, SMALL), (large, LARGE)):
            doc = make_plan_dict(n + 1, title=plan.title, tasks=5 if n == LARGE else 1)
            publish_draft(make_draft(self.community, doc, plan=plan), None)
        self.assert_same(
            f"/plans/{small.pk}/revisions/2/diff/", f"/plans/{large.pk}/revisions/2/diff/"
        )

    def test_public_pages(self):
        small, large = self.two_plans()
        self.assert_same(f"/public/plans/{small.pk}/", f"/public/plans/{large.pk}/")
        self.assert_same(
            f"/public/plans/{small.pk}/export.json", f"/public/plans/{large.pk}/export.json"
        )
        self.assert_same_after_growth("/public/")

    def test_people_page(self):
        from planwatch.orgs.models import Role
        from tests.support.factory import make_user

        self.login(make_user("admin", self.district, Role.ADMIN))
        url = f"/orgs/{self.district.pk}/people/"
        before = self.count(url)
        for i in range(10):
            make_user(f"extra{i}", self.community, Role.VIEWER)
        self.assertEqual(before, self.count(url))


class ChainQueryCountTestCase(BaseTestCase):
    """The dashboard, the roll-up, the hand-over and approval pages with hand-overs and
    approvals recorded: the same number of queries for a small and a large plan, and as the
    records pile up."""

    count = QueryCountTestCase.count
    assert_same = QueryCountTestCase.assert_same

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.district_coordinator = make_user("district-coordinator", cls.district, Role.COORDINATOR)
        cls.small = make_plan(cls.community, doc=monitored_plan_dict(0), user=cls.coordinator)
        cls.large = make_plan(cls.community, doc=monitored_plan_dict(30), user=cls.coordinator)
        for plan in (cls.small, cls.large):
            Duty.objects.create(plan=plan, kind=DutyKind.COORDINATOR_SUMMARY, frequency="quarterly",
                                due_rule=DueRule.DAYS_AFTER, due_days=35, confirmed=True)  # fmt: skip

    def record(self, plan, periods) -> None:
        """A hand-over of each period's summary, and each period submitted upward."""
        duty = Duty.objects.get(plan=plan, kind="coordinator_summary")
        chain = approvals.chain_of(plan)
        for label in periods:
            period = Period.parse(label)
            today = period.end + dt.timedelta(days=40)
            handover.prepare(plan, duty, period, self.coordinator, today)
            approvals.submit(plan, period, self.coordinator, chain, today)

    def test_dashboard_and_chain_pages_with_hand_overs_and_approvals(self):
        self.record(self.small, ["2025-Q1"])
        self.record(self.large, ["2025-Q1", "2025-Q2", "2025-Q3"])
        with time_machine.travel("2026-01-20 10:00 +0200", tick=False):
            self.login(self.coordinator)
            for page in (
                "/monitoring/plans/{}/?period=2025-Q3",
                "/monitoring/plans/{}/handover/",
                "/monitoring/plans/{}/approval/?period=2025-Q1",
                "/monitoring/plans/{}/duties/",
            ):
                with self.subTest(page=page):
                    self.assert_same(page.format(self.small.pk), page.format(self.large.pk))
            self.login(self.district_coordinator)
            before = self.count("/monitoring/approvals/")
            self.record(self.small, ["2025-Q2", "2025-Q3", "2025-Q4"])
            self.assertEqual(self.count("/monitoring/approvals/"), before)

    def test_the_roll_up_with_approvals_does_not_grow(self):
        self.record(self.small, ["2025-Q3"])
        url = f"/rollup/{self.district.pk}/?period=2025-Q3"
        with time_machine.travel("2026-01-20 10:00 +0200", tick=False):
            self.login(self.district_coordinator)
            before = self.count(url)
            self.assertEqual(len(self.client.get(url).context["approval_rows"]), 3)
            for i in range(3):
                plan = make_plan(self.other_community, doc=monitored_plan_dict(2), title=f"П{i}")
                self.record_submission(plan)
            self.assertEqual(len(self.client.get(url).context["approval_rows"]), 6)
            self.assertEqual(self.count(url), before)

    def record_submission(self, plan) -> None:
        period = Period.parse("2025-Q3")
        approvals.submit(
            plan, period, self.coordinator, approvals.chain_of(plan), dt.date(2026, 1, 20)
        )

    def test_the_roll_up_with_linked_lower_plans_does_not_grow(self):
        """The district's roll-up shows what the communities' linked measures reported under
        the district plan's measures: as many queries with one linked plan as with four."""
        from planwatch.monitoring.models import ExpectedReport, ReportState
        from planwatch.strategy import plan_links
        from tests.support.monitoring_base import make_report

        district_plan = make_plan(
            self.district, doc=monitored_plan_dict(2), user=self.district_coordinator
        )
        upper = list(district_plan.current_revision.measures.order_by("position"))

        def link(plan) -> None:
            found = plan_links.link_plan(plan, district_plan, self.coordinator)
            measures = plan.current_revision.measures.order_by("position")
            plan_links.decide(found, {m.pk: upper[0].pk for m in measures}, self.coordinator)
            for expected_report in ExpectedReport.objects.filter(plan=plan, period="2025-Q3"):
                make_report(expected_report, ReportState.SUBMITTED, narrative=f"Звіт {plan.title}")

        url = f"/rollup/{self.district.pk}/?period=2025-Q3"
        link(self.small)
        with time_machine.travel("2026-01-20 10:00 +0200", tick=False):
            self.login(self.district_coordinator)
            before = self.count(url)
            self.assertEqual(len(self.client.get(url).context["linked_rows"][0].lower), 3)
            link(self.large)
            for i in range(2):
                link(make_plan(self.other_community, doc=monitored_plan_dict(2), title=f"Л{i}"))
            rows = self.client.get(url).context["linked_rows"]
            self.assertEqual(len(rows[0].lower), 3 + 33 + 5 + 5)
            self.assertEqual(self.count(url), before)
