"""The executor's page: my measures this period, one form each, save a draft, submit all."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from planwatch.monitoring.models import (
    Evidence,
    ExecutionReport,
    Indicator,
    ReportEvent,
    ReportState,
)
from tests.support.monitoring_base import KYIV, MonitoringTestCase, make_report

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def form_data(expected_report, **fields) -> dict:
    prefix = f"r{expected_report.pk}-"
    return {"expected": [str(expected_report.pk)], **{prefix + k: v for k, v in fields.items()}}


@time_machine.travel(dt.datetime(2025, 10, 5, 10, 0, tzinfo=KYIV), tick=False)
class ExecutorPageTestCase(MonitoringTestCase):
    def test_it_lists_my_outstanding_measures_with_due_dates(self):
        self.login(self.executor)
        response = self.client.get("/monitoring/")
        self.assertContains(response, "20.10.2025")
        self.assertContains(response, f'id="expected-{self.expected_report(1).pk}"')

    def test_it_does_not_list_other_organisations_measures(self):
        self.login(self.executor)
        response = self.client.get("/monitoring/")
        self.assertNotContains(
            response, f'id="expected-{self.expected_report(1, org=self.center).pk}"'
        )

    def test_it_lists_future_periods_only_once_they_begin(self):
        self.login(self.executor)
        response = self.client.get("/monitoring/")
        self.assertNotContains(
            response, f'id="expected-{self.expected_report(1, period="2026-Q1").pk}"'
        )

    def test_older_missing_reports_are_counted_and_one_click_away(self):
        self.login(self.executor)
        old = self.expected_report(1, period="2025-Q1")  # due 20.04.2025, more than 90 days ago
        response = self.client.get("/monitoring/")
        self.assertNotContains(response, f'id="expected-{old.pk}"')
        self.assertContains(response, "?older=1")
        self.assertContains(self.client.get("/monitoring/?older=1"), f'id="expected-{old.pk}"')

    def test_saving_a_draft_keeps_it_on_the_list(self):
        self.login(self.executor)
        expected_report = self.expected_report(1)
        data = form_data(expected_report, outcome="in_progress", narrative="Почали навчання.")
        response = self.client.post(
            "/monitoring/", {**data, "action": f"save:{expected_report.pk}"}
        )
        self.assertRedirects(response, "/monitoring/")
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual((report.state, report.narrative), (ReportState.DRAFT, "Почали навчання."))
        self.assertContains(self.client.get("/monitoring/"), "Почали навчання.")

    def test_submit_all_submits_every_filled_form_and_skips_empty_ones(self):
        self.login(self.executor)
        one, two, three = self.expected_report(1), self.expected_report(2), self.expected_report(3)
        data = {
            **form_data(one, outcome="done", narrative="Зроблено."),
            **form_data(two, outcome="in_progress", narrative="Триває."),
            **form_data(three),
            "expected": [str(one.pk), str(two.pk), str(three.pk)],
            "action": "submit",
        }
        self.client.post("/monitoring/", data)
        states = dict(ExecutionReport.objects.values_list("expected_id", "state"))
        self.assertEqual(states, {one.pk: "submitted", two.pk: "submitted"})
        self.assertEqual(ExecutionReport.objects.get(expected=one).was_on_time(), True)

    def test_one_bad_form_saves_nothing_and_says_why_beside_the_field(self):
        self.login(self.executor)
        one, two = self.expected_report(1), self.expected_report(2)
        data = {
            **form_data(one, outcome="done", narrative="Зроблено."),
            **form_data(two, outcome="", narrative="Без статусу."),
            "expected": [str(one.pk), str(two.pk)],
            "action": "submit",
        }
        response = self.client.post("/monitoring/", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Оберіть статус перед поданням")
        self.assertFalse(ExecutionReport.objects.exists())

    def test_numbers_are_asked_against_the_indicator_target(self):
        """The card asks for the indicator prefilled from the target (as the report page),
        not for the old per-target number."""
        self.login(self.executor)
        expected_report = self.expected_report(1)
        (ind,) = Indicator.objects.filter(measure=expected_report.measure)
        response = self.client.get("/monitoring/")
        self.assertContains(response, f'name="n{expected_report.pk}-i{ind.pk}"')
        self.assertNotContains(response, f'name="r{expected_report.pk}-value_0"')
        data = form_data(expected_report, outcome="in_progress", narrative="Охоплено 85 %.")
        data[f"n{expected_report.pk}-i{ind.pk}"] = "85,5"
        self.client.post("/monitoring/", {**data, "action": "submit"})
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.assertEqual(report.indicator_values.get(indicator=ind).value, Decimal("85.5"))

    def test_a_negative_number_is_refused(self):
        self.login(self.executor)
        expected_report = self.expected_report(1)
        (ind,) = Indicator.objects.filter(measure=expected_report.measure)
        data = form_data(expected_report, outcome="done", narrative="Так.")
        data[f"n{expected_report.pk}-i{ind.pk}"] = "-3"
        response = self.client.post("/monitoring/", {**data, "action": "submit"})
        self.assertContains(response, "has-error")
        self.assertFalse(ExecutionReport.objects.exists())

    def test_evidence_files_are_attached_by_their_content(self):
        self.login(self.executor)
        expected_report = self.expected_report(1)
        data = form_data(expected_report, outcome="done", narrative="Акт додано.")
        data[f"r{expected_report.pk}-files"] = [
            SimpleUploadedFile("акт.pdf", PDF, "application/pdf"),
            SimpleUploadedFile("фото.png", PNG, "image/png"),
        ]
        self.client.post("/monitoring/", {**data, "action": "submit"})
        self.assertEqual(sorted(Evidence.objects.values_list("kind", flat=True)), ["pdf", "png"])

    def test_a_renamed_file_is_refused_and_nothing_is_saved(self):
        self.login(self.executor)
        expected_report = self.expected_report(1)
        data = form_data(expected_report, outcome="done", narrative="Акт додано.")
        data[f"r{expected_report.pk}-files"] = [
            SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")
        ]
        response = self.client.post("/monitoring/", {**data, "action": "submit"})
        self.assertContains(response, "virus.pdf")
        self.assertFalse(ExecutionReport.objects.exists())
        self.assertFalse(Evidence.objects.exists())

    def test_a_file_over_the_limit_is_refused(self):
        self.login(self.executor)
        expected_report = self.expected_report(1)
        data = form_data(expected_report, outcome="done", narrative="Акт.")
        data[f"r{expected_report.pk}-files"] = [SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)]
        with self.settings(PLANWATCH_EVIDENCE_MAX_BYTES=1024):
            response = self.client.post("/monitoring/", {**data, "action": "submit"})
        self.assertContains(response, "big.pdf")
        self.assertFalse(ExecutionReport.objects.exists())

    def test_a_returned_report_shows_the_coordinators_comment(self):
        report = make_report(
            self.expected_report(1), state=ReportState.RETURNED, comment="Додайте цифри"
        )
        self.login(self.executor)
        self.assertContains(self.client.get("/monitoring/"), "Додайте цифри")
        self.assertTrue(report.is_editable)

    def test_submitted_reports_leave_the_to_do_list(self):
        make_report(self.expected_report(1), state=ReportState.SUBMITTED)
        self.login(self.executor)
        self.assertNotContains(
            self.client.get("/monitoring/"), f'id="expected-{self.expected_report(1).pk}"'
        )

    def test_an_executor_cannot_post_into_another_organisations_expected_report(self):
        expected_report = self.expected_report(1, org=self.center)
        self.login(self.other_executor)
        data = form_data(expected_report, outcome="done", narrative="Чужий звіт.")
        self.client.post("/monitoring/", {**data, "action": "submit"})
        self.assertFalse(ExecutionReport.objects.exists())

    def test_saving_records_the_history(self):
        self.login(self.executor)
        expected_report = self.expected_report(1)
        data = form_data(expected_report, outcome="done", narrative="Так.")
        self.client.post("/monitoring/", {**data, "action": "submit"})
        actions = list(ReportEvent.objects.values_list("action", flat=True))
        self.assertEqual(actions, ["submitted"])
