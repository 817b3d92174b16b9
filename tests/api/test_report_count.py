"""The reports list's count: what the caller sees, each report once, whichever ways it is
reached by (its writer, a co-executor, a monitor of the plan, a reader of public accepted
reports); counted in parts that add up, exact up to the cap and the cap beyond it."""

from __future__ import annotations

from django.test import override_settings

from planwatch.monitoring.models import ExpectedReport, ReportState
from tests.api.base import ApiTestCase
from tests.support.factory import make_plan, make_plan_dict
from tests.support.monitoring_base import make_report, measure


class ReportCountTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        # the executor's own report, accepted on a public plan: a writer's and everyone's
        make_report(self.expected_report(2), state=ReportState.ACCEPTED)
        # the co-executor's report on the shared measure, handed in: the executor's too
        make_report(self.expected_report(1, org=self.center), state=ReportState.SUBMITTED)
        self.public_other = self.other_expected_report("Бетівська", public=True)
        self.private_other = self.other_expected_report("Гамівська", public=False)

    def other_expected_report(self, name: str, public: bool) -> ExpectedReport:
        """An accepted report of another community's service on that community's own plan."""
        doc = make_plan_dict(measures=0, title=f"План {name} громади на 2025-2026 роки")
        doc["nodes"][0]["children"][0]["measures"] = [
            measure(1, [("Служба Бетівської ради", False)])
        ]
        plan = make_plan(self.other_community, doc=doc, user=self.outsider, public=public)
        expected_report = ExpectedReport.objects.get(plan=plan, period="2025-Q3")
        make_report(expected_report, state=ReportState.ACCEPTED)
        return expected_report

    def listed(self, user) -> list[int]:
        ids, url = [], "/api/v1/reports/?page_size=200"
        while url:
            body = self.get_json(url, user)
            ids += [row["id"] for row in body["results"]]
            url = body["next"]
        return ids

    def count(self, user, query: str = "") -> tuple[int, bool]:
        body = self.get_json(f"/api/v1/reports/?page_size=1{query}", user)
        return body["count"], body["count_exact"]

    def test_each_report_is_counted_once_however_it_is_reached(self):
        for user in (self.executor, self.co_executor, self.coordinator, self.reviewer, None):
            with self.subTest(user=user and user.username):
                ids = self.listed(user)
                self.assertEqual(len(ids), len(set(ids)))
                self.assertEqual(self.count(user), (len(ids), True))
        executor = set(self.listed(self.executor))
        self.assertIn(self.expected_report(2).pk, executor)  # its writer's and public
        self.assertIn(self.expected_report(1, org=self.center).pk, executor)  # co-executed
        self.assertIn(self.public_other.pk, executor)  # public accepted, no party
        self.assertNotIn(self.private_other.pk, executor)  # neither
        self.assertEqual(set(self.listed(None)), {self.expected_report(2).pk, self.public_other.pk})

    def test_filters_apply_to_every_part(self):
        for query, expected in (
            (f"&plan={self.mplan.pk}", self.expected_report(2).plan_id),
            (f"&plan={self.public_other.plan_id}", self.public_other.plan_id),
        ):
            with self.subTest(query=query):
                rows = self.get_json(f"/api/v1/reports/?page_size=200{query}", self.executor)
                self.assertEqual({r["plan"] for r in rows["results"]}, {expected})
                self.assertEqual(self.count(self.executor, query), (len(rows["results"]), True))
        self.assertEqual(self.count(self.executor, "&status=accepted"), (2, True))
        self.assertEqual(self.count(self.coordinator, "&status=accepted"), (2, True))
        self.assertEqual(self.count(None, "&status=submitted"), (0, True))

    def test_at_the_cap_and_past_it(self):
        for user in (self.executor, self.coordinator, None):
            total = len(self.listed(user))
            with self.subTest(user=user and user.username):
                with override_settings(PLANWATCH_API_COUNT_CAP=total):
                    self.assertEqual(self.count(user), (total, True))
                with override_settings(PLANWATCH_API_COUNT_CAP=total - 1):
                    self.assertEqual(self.count(user), (total - 1, False))
                with override_settings(PLANWATCH_API_COUNT_CAP=1):
                    self.assertEqual(self.count(user), (1, False))
