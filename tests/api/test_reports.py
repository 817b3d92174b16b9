"""Execution reports through the API: the report page's rules, not a copy of them.

Executors write and submit their organisation's reports; nobody else reads a draft;
coordinators review; an executor of another community gets 404 for everything; anonymous
callers read accepted reports of public plans only, without comments or files."""

from __future__ import annotations

from planwatch.monitoring.models import ExecutionReport, ExpectedReport, ReportState
from tests.api.base import ApiTestCase
from tests.support.factory import make_plan, make_plan_dict
from tests.support.monitoring_base import make_report, measure


class ReportsTestCase(ApiTestCase):
    def url(self, expected_report, suffix=""):
        return f"/api/v1/reports/{expected_report.pk}/{suffix}"

    def put(self, user, expected_report, status=200, **body):
        response = self.api(user).put(self.url(expected_report), body, format="json")
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json()

    def post(self, user, expected_report, suffix, status=200, **body):
        response = self.api(user).post(self.url(expected_report, suffix), body, format="json")
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json()

    def other_plan_expected_report(self) -> ExpectedReport:
        """A report Бетівська's executor owes on Бетівська's own plan."""
        doc = make_plan_dict(measures=0, title="План Бетівської громади на 2025-2026 роки")
        doc["nodes"][0]["children"][0]["measures"] = [
            measure(1, [("Служба Бетівської ради", False)])
        ]
        plan = make_plan(self.other_community, doc=doc, user=self.outsider)
        return ExpectedReport.objects.get(plan=plan, period="2025-Q3")

    def test_the_executor_saves_a_draft_then_submits_it(self):
        expected_report = self.expected_report(2)
        draft = self.put(
            self.executor, expected_report, outcome="in_progress", narrative="Розпочато."
        )
        self.assertEqual((draft["state"], draft["can_write"]), ("draft", True))
        done = self.post(
            self.executor,
            expected_report,
            "submit/",
            outcome="done",
            narrative="Проведено.",
            version=draft["report"]["version"],
        )
        self.assertEqual(
            (done["state"], done["can_write"], done["on_time"]), ("submitted", False, True)
        )
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.SUBMITTED
        )

    def test_submitting_needs_the_outcome_and_the_narrative(self):
        errors = self.post(self.executor, self.expected_report(2), "submit/", 400, narrative="")
        self.assertEqual(set(errors), {"outcome", "narrative"})
        self.assertFalse(ExecutionReport.objects.filter(expected=self.expected_report(2)).exists())

    def test_values_answer_the_indicators_targets(self):
        body = self.put(self.executor, self.expected_report(1), outcome="in_progress", values=[85])
        self.assertEqual(body["report"]["values"][0]["target"], 100)
        self.assertEqual(body["report"]["values"][0]["value"], 85.0)
        errors = self.put(self.executor, self.expected_report(1), 400, values=[-1])
        self.assertIn("values", errors)

    def test_a_save_over_a_newer_save_is_409_and_keeps_the_newer(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Колега зберіг першим.")
        self.put(self.executor, expected_report, 409, narrative="Моя версія.", version="")
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).narrative, "Колега зберіг першим."
        )

    def test_a_submitted_report_is_locked(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.SUBMITTED, narrative="Перше.")
        version = self.get_json(self.url(expected_report), self.executor)["report"]["version"]
        self.put(self.executor, expected_report, 409, narrative="Інше.", version=version)
        self.assertEqual(ExecutionReport.objects.get(expected=expected_report).narrative, "Перше.")

    def test_the_coordinator_sees_that_a_draft_exists_but_not_its_text(self):
        make_report(self.expected_report(2), narrative="Секретна чернетка.")
        body = self.get_json(self.url(self.expected_report(2)), self.coordinator)
        self.assertEqual((body["state"], body["report"], body["can_write"]), ("draft", None, False))

    def test_the_coordinator_does_not_write_executors_reports(self):
        self.put(self.coordinator, self.expected_report(2), 403, narrative="Я за них.")
        self.assertFalse(ExecutionReport.objects.filter(expected=self.expected_report(2)).exists())

    def test_an_executor_of_another_community_cannot_see_or_change_its_draft(self):
        expected_report = self.other_plan_expected_report()
        make_report(expected_report, narrative="Чернетка Бетівської громади.")
        self.get_json(self.url(expected_report), self.executor, status=404)
        self.put(self.executor, expected_report, 404, narrative="Чуже.")
        self.post(self.executor, expected_report, "submit/", 404, outcome="done", narrative="Чуже.")
        self.assertNotIn(
            expected_report.pk,
            self.ids(f"/api/v1/reports/?plan={expected_report.plan_id}", self.executor),
        )
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.DRAFT
        )
        self.assertEqual(
            self.get_json(self.url(expected_report), self.other_executor)["report"]["narrative"],
            "Чернетка Бетівської громади.",
        )

    def test_a_co_executor_reads_a_handed_in_report_but_not_a_draft(self):
        expected_report = self.expected_report(1)
        make_report(expected_report, narrative="Чернетка служби.")
        self.assertIsNone(self.get_json(self.url(expected_report), self.co_executor)["report"])
        self.put(self.co_executor, expected_report, 403, narrative="Не моє.")
        ExecutionReport.objects.filter(expected=expected_report).update(state=ReportState.SUBMITTED)
        body = self.get_json(self.url(expected_report), self.co_executor)
        self.assertEqual(body["report"]["narrative"], "Чернетка служби.")

    def test_the_coordinator_accepts_returns_and_reopens(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.SUBMITTED)
        self.post(self.coordinator, expected_report, "review/", 400, action="return", comment=" ")
        body = self.post(
            self.coordinator, expected_report, "review/", action="return", comment="Додайте акт."
        )
        self.assertEqual((body["state"], body["report"]["comment"]), ("returned", "Додайте акт."))
        self.post(self.coordinator, expected_report, "review/", 409, action="accept")
        ExecutionReport.objects.filter(expected=expected_report).update(state=ReportState.SUBMITTED)
        self.assertEqual(
            self.post(self.coordinator, expected_report, "review/", action="accept")["state"],
            "accepted",
        )
        body = self.post(
            self.coordinator,
            expected_report,
            "review/",
            action="reopen",
            comment="Помилка в числах.",
        )
        self.assertEqual(body["state"], "returned")

    def test_executors_and_reviewers_do_not_review(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.SUBMITTED)
        self.post(self.executor, expected_report, "review/", 403, action="accept")
        self.post(self.reviewer, expected_report, "review/", 403, action="accept")
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.SUBMITTED
        )

    def test_anonymous_callers_read_accepted_reports_of_public_plans_only(self):
        accepted = make_report(
            self.expected_report(2), state=ReportState.ACCEPTED, comment="Внутрішнє."
        )
        make_report(self.expected_report(1), state=ReportState.SUBMITTED)
        rows = self.get_json("/api/v1/reports/")["results"]
        self.assertEqual([r["id"] for r in rows], [accepted.expected_id])
        self.assertEqual((rows[0]["report"]["comment"], rows[0]["report"]["version"]), ("", ""))
        self.get_json(self.url(self.expected_report(1)), status=404)
        self.put(None, self.expected_report(2), 401, narrative="Анонім.")
        self.mplan.is_public = False
        self.mplan.save(update_fields=["is_public"])
        self.assertEqual(self.ids("/api/v1/reports/"), [])

    def test_the_list_filters_by_plan_organisation_period_and_status(self):
        make_report(self.expected_report(2), state=ReportState.SUBMITTED)
        base = f"/api/v1/reports/?plan={self.mplan.pk}&period=2025-Q3"
        rows = self.get_json(base, self.coordinator)["results"]
        self.assertEqual({r["period"] for r in rows}, {"2025-Q3"})
        self.assertEqual(
            self.ids(base + "&status=received", self.coordinator), [self.expected_report(2).pk]
        )
        center = self.ids(f"{base}&organization={self.center.pk}", self.coordinator)
        self.assertEqual(center, [self.expected_report(1, org=self.center).pk])
        self.assertEqual(self.ids(f"{base}&status=overdue", self.coordinator), [])  # due 20.10
        q2 = f"/api/v1/reports/?plan={self.mplan.pk}&period=2025-Q2&status=overdue"
        overdue = self.get_json(q2, self.coordinator)["results"]
        self.assertTrue(overdue and all(r["overdue"] for r in overdue))

    def test_mine_lists_what_the_callers_organisations_write(self):
        rows = self.get_json("/api/v1/reports/?mine=true&page_size=200", self.co_executor)[
            "results"
        ]
        self.assertTrue(rows)
        self.assertEqual({r["organization"]["id"] for r in rows}, {self.center.pk})

    def test_every_listed_report_opens_for_the_same_caller(self):
        make_report(self.expected_report(1), state=ReportState.SUBMITTED)
        for user in (self.executor, self.co_executor, self.reviewer, self.other_executor):
            for pk in self.ids("/api/v1/reports/?page_size=200", user):
                self.assertEqual(self.api(user).get(f"/api/v1/reports/{pk}/").status_code, 200)

    def test_bad_filters_are_400(self):
        self.get_json("/api/v1/reports/?period=2025-Q5", self.executor, status=400)
        self.get_json("/api/v1/reports/?status=lost", self.executor, status=400)
        self.get_json(f"/api/v1/reports/?plan={10**30}", self.executor, status=400)
