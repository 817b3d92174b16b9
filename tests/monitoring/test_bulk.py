"""Bulk review on the drill-down list: accept or return several submitted reports at once,
all or nothing, through the same rule as the single review."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.models import ExecutionReport, ExpectedReport, ReportEvent, ReportState
from tests.support.factory import make_plan
from tests.support.monitoring_base import (
    KYIV,
    MonitoringTestCase,
    make_report,
    monitored_plan_dict,
)

NOW = dt.datetime(2025, 10, 25, 9, 0, tzinfo=KYIV)


@time_machine.travel(NOW, tick=False)
class BulkReviewTestCase(MonitoringTestCase):
    def url(self, plan=None):
        return f"/monitoring/plans/{(plan or self.mplan).pk}/reports/review/"

    def submitted(self, *numbers, period="2025-Q3"):
        expected_reports = [self.expected_report(n, period=period) for n in numbers]
        for expected_report in expected_reports:
            make_report(expected_report, state=ReportState.SUBMITTED)
        return expected_reports

    def states(self, expected_reports):
        return [ExecutionReport.objects.get(expected=s).state for s in expected_reports]

    def test_the_coordinator_accepts_several_reports_at_once(self):
        expected_reports = self.submitted(1, 2, 3)
        self.login(self.coordinator)
        response = self.client.post(
            self.url(),
            {
                "action": "accept",
                "expected": [s.pk for s in expected_reports],
                "query": "period=2025-Q3",
            },
        )
        self.assertRedirects(response, f"/monitoring/plans/{self.mplan.pk}/reports/?period=2025-Q3")
        self.assertEqual(self.states(expected_reports), [ReportState.ACCEPTED] * 3)
        events = ReportEvent.objects.filter(
            report__expected__in=expected_reports, action="accepted"
        )
        self.assertEqual(events.count(), 3)
        self.assertEqual({e.user for e in events}, {self.coordinator})
        report = ExecutionReport.objects.get(expected=expected_reports[0])
        self.assertEqual(report.accepted_by, self.coordinator)

    def test_returning_several_puts_one_comment_on_each(self):
        expected_reports = self.submitted(1, 2)
        self.login(self.coordinator)
        data = {
            "action": "return",
            "comment": "Додайте цифри.",
            "expected": [s.pk for s in expected_reports],
        }
        self.client.post(self.url(), data)
        for report in ExecutionReport.objects.filter(expected__in=expected_reports):
            self.assertEqual((report.state, report.comment), ("returned", "Додайте цифри."))
            (event,) = report.events.filter(action="returned")
            self.assertEqual(event.note, "Додайте цифри.")

    def test_returning_without_a_comment_changes_nothing(self):
        expected_reports = self.submitted(1, 2)
        self.login(self.coordinator)
        response = self.client.post(
            self.url(), {"action": "return", "expected": [s.pk for s in expected_reports]}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "has-error")
        self.assertEqual(self.states(expected_reports), [ReportState.SUBMITTED] * 2)
        self.assertEqual(set(response.context["selected"]), {s.pk for s in expected_reports})

    def test_one_report_not_waiting_for_review_stops_them_all_and_is_named(self):
        expected_reports = self.submitted(1, 3)
        draft = self.expected_report(2)
        make_report(draft, state=ReportState.DRAFT)
        self.login(self.coordinator)
        response = self.client.post(
            self.url(),
            {
                "action": "accept",
                "expected": [expected_reports[0].pk, draft.pk, expected_reports[1].pk],
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Нічого не змінено")
        self.assertContains(response, "2) Служба у справах дітей, 2025-Q3 (Чернетка)")
        self.assertNotContains(response, "1) Служба у справах дітей, 2025-Q3")
        self.assertEqual(self.states(expected_reports), [ReportState.SUBMITTED] * 2)
        self.assertFalse(ReportEvent.objects.filter(action="accepted").exists())

    def test_a_report_changed_after_the_list_was_shown_stops_them_all(self):
        """The list carries each report's version: one returned by a colleague and handed in
        again with new text since is not accepted blind, and nothing else is either."""
        expected_reports = self.submitted(1, 2)
        self.login(self.coordinator)
        page = self.client.get(f"/monitoring/plans/{self.mplan.pk}/reports/?period=2025-Q3")
        shown = {
            f"v{s.pk}": str(ExecutionReport.objects.get(expected=s).version)
            for s in expected_reports
        }
        self.assertContains(page, f'name="v{expected_reports[0].pk}" value="0"')
        changed = ExecutionReport.objects.get(expected=expected_reports[1])
        changed.send_back(self.coordinator, "Уточніть.")
        changed.narrative = "Нова версія."
        changed.submit(self.executor)
        data = {"action": "accept", "expected": [s.pk for s in expected_reports], **shown}
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "змінився після того, як було показано список")
        self.assertContains(response, "2) Служба у справах дітей, 2025-Q3")
        self.assertEqual(self.states(expected_reports), [ReportState.SUBMITTED] * 2)
        self.assertFalse(ReportEvent.objects.filter(action="accepted").exists())
        # The list shown again carries the new version: accepting now goes through.
        shown[f"v{expected_reports[1].pk}"] = str(
            ExecutionReport.objects.get(expected=expected_reports[1]).version
        )
        self.client.post(self.url(), {**data, **shown})
        self.assertEqual(self.states(expected_reports), [ReportState.ACCEPTED] * 2)

    def test_a_report_without_any_text_yet_is_named_as_not_started(self):
        (submitted,) = self.submitted(1)
        empty = self.expected_report(2)
        self.login(self.coordinator)
        response = self.client.post(
            self.url(), {"action": "accept", "expected": [submitted.pk, empty.pk]}
        )
        self.assertContains(response, "(Не розпочато)")
        self.assertEqual(self.states([submitted]), [ReportState.SUBMITTED])

    def test_an_already_accepted_report_cannot_be_accepted_again(self):
        expected_reports = self.submitted(1, 2)
        ExecutionReport.objects.filter(expected=expected_reports[1]).update(
            state=ReportState.ACCEPTED
        )
        self.login(self.coordinator)
        self.client.post(
            self.url(), {"action": "accept", "expected": [s.pk for s in expected_reports]}
        )
        self.assertEqual(
            self.states(expected_reports), [ReportState.SUBMITTED, ReportState.ACCEPTED]
        )

    def test_nothing_chosen_is_refused(self):
        self.login(self.coordinator)
        response = self.client.post(self.url(), {"action": "accept"})
        self.assertContains(response, "Оберіть хоча б один звіт")

    def test_reports_of_another_plan_are_404_and_stay_untouched(self):
        other = make_plan(self.other_community, doc=monitored_plan_dict(), user=self.outsider)
        theirs = ExpectedReport.objects.filter(plan=other, period="2025-Q3").first()
        make_report(theirs, state=ReportState.SUBMITTED)
        mine = self.submitted(1)
        self.login(self.coordinator)
        response = self.client.post(
            self.url(), {"action": "accept", "expected": [mine[0].pk, theirs.pk]}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.states([theirs, mine[0]]), [ReportState.SUBMITTED] * 2)

    def test_executors_reviewers_and_other_coordinators_get_404(self):
        expected_reports = self.submitted(1)
        for user in (self.executor, self.reviewer, self.outsider, self.other_executor):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.post(
                    self.url(), {"action": "accept", "expected": [expected_reports[0].pk]}
                )
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.states(expected_reports), [ReportState.SUBMITTED])

    def test_the_list_offers_checkboxes_only_to_coordinators_and_only_for_submitted(self):
        (submitted,) = self.submitted(1)
        make_report(self.expected_report(2), state=ReportState.DRAFT)
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/plans/{self.mplan.pk}/reports/?period=2025-Q3")
        self.assertContains(response, f'name="expected" value="{submitted.pk}"')
        self.assertNotContains(response, f'name="expected" value="{self.expected_report(2).pk}"')
        self.assertContains(response, "data-pick-all")
        self.login(self.reviewer)
        response = self.client.get(f"/monitoring/plans/{self.mplan.pk}/reports/?period=2025-Q3")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="expected"')

    def test_the_single_review_goes_through_the_same_rule(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.DRAFT)
        self.login(self.coordinator)
        self.client.post(f"/monitoring/reports/{expected_report.pk}/review/", {"action": "accept"})
        self.assertEqual(self.states([expected_report]), [ReportState.DRAFT])


@time_machine.travel(NOW, tick=False)
class BulkReviewQueryCountTestCase(MonitoringTestCase):
    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_list_with_checkboxes_costs_the_same_for_any_plan_size(self):
        small = make_plan(self.community, doc=monitored_plan_dict(extra=0), user=self.coordinator)
        big = make_plan(self.community, doc=monitored_plan_dict(extra=30), user=self.coordinator)
        for plan in (small, big):
            for expected_report in ExpectedReport.objects.filter(plan=plan, period="2025-Q3"):
                make_report(expected_report, state=ReportState.SUBMITTED)
        self.login(self.coordinator)
        url = "/monitoring/plans/{}/reports/"
        self.assertEqual(self.queries(url.format(small.pk)), self.queries(url.format(big.pk)))
