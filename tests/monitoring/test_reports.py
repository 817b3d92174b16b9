"""One report: the workflow (submit, return with a comment, accept, reopen with a reason),
who may read and write it, and its evidence files."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from planwatch.monitoring.models import Evidence, ExecutionReport, ReportEvent, ReportState
from planwatch.monitoring.models.reports import WorkflowError
from tests.monitoring.test_executor import PDF
from tests.support.monitoring_base import KYIV, MonitoringTestCase, make_report

NOW = dt.datetime(2025, 10, 12, 9, 0, tzinfo=KYIV)


@time_machine.travel(NOW, tick=False)
class ReportWorkflowTestCase(MonitoringTestCase):
    def url(self, expected_report, suffix=""):
        return f"/monitoring/reports/{expected_report.pk}/{suffix}"

    def test_the_executor_writes_and_submits_on_the_report_page(self):
        expected_report = self.expected_report(2)
        self.login(self.executor)
        data = {"outcome": "done", "narrative": "Проведено.", "action": "submit"}
        self.assertRedirects(
            self.client.post(self.url(expected_report), data), self.url(expected_report)
        )
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.assertTrue(report.was_on_time())

    def test_a_save_over_someone_elses_newer_save_is_refused(self):
        expected_report = self.expected_report(2)
        self.login(self.executor)
        page = self.client.get(self.url(expected_report))
        self.assertFalse(page.context["form"]["seen"].value())
        make_report(expected_report, narrative="Колега зберіг першим.")
        data = {"outcome": "done", "narrative": "Моя версія.", "action": "save", "seen": ""}
        response = self.client.post(self.url(expected_report), data)
        self.assertContains(response, "Нічого не збережено", status_code=409)
        self.assertContains(response, "Колега зберіг першим.", status_code=409)
        self.assertContains(response, "Моя версія.", status_code=409)
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).narrative, "Колега зберіг першим."
        )

    def test_a_save_with_the_current_version_goes_through(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, narrative="Перша версія.")
        self.login(self.executor)
        seen = self.client.get(self.url(expected_report)).context["form"]["seen"].value()
        data = {"outcome": "done", "narrative": "Друга версія.", "action": "save", "seen": seen}
        self.client.post(self.url(expected_report), data)
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).narrative, "Друга версія."
        )

    def test_a_submitted_report_is_locked_for_the_executor(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.SUBMITTED, narrative="Перше.")
        self.login(self.executor)
        self.client.post(
            self.url(expected_report), {"outcome": "done", "narrative": "Інше.", "action": "save"}
        )
        self.assertEqual(ExecutionReport.objects.get(expected=expected_report).narrative, "Перше.")

    def test_the_coordinator_returns_a_report_with_a_comment(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.SUBMITTED)
        self.login(self.coordinator)
        self.client.post(
            self.url(expected_report, "review/"),
            {"version": 0, "action": "return", "comment": "Додайте акт."},
        )
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual((report.state, report.comment), (ReportState.RETURNED, "Додайте акт."))
        self.login(self.executor)
        self.assertContains(self.client.get(self.url(expected_report)), "Додайте акт.")

    def test_returning_without_a_comment_is_refused_beside_the_field(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.SUBMITTED)
        self.login(self.coordinator)
        response = self.client.post(
            self.url(expected_report, "review/"), {"version": 0, "action": "return", "comment": " "}
        )
        self.assertContains(response, "has-error")
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.SUBMITTED
        )

    def test_accepted_reports_lock_and_reopen_only_with_a_reason(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.SUBMITTED)
        self.login(self.coordinator)
        self.client.post(self.url(expected_report, "review/"), {"version": 0, "action": "accept"})
        report = ExecutionReport.objects.get(expected=expected_report)
        self.assertEqual(
            (report.state, report.accepted_by), (ReportState.ACCEPTED, self.coordinator)
        )
        self.client.post(
            self.url(expected_report, "review/"), {"version": 0, "action": "reopen", "comment": ""}
        )
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).state, ReportState.ACCEPTED
        )
        self.client.post(
            self.url(expected_report, "review/"),
            {"version": 1, "action": "reopen", "comment": "Помилка в цифрах"},
        )
        report.refresh_from_db()
        self.assertEqual(report.state, ReportState.RETURNED)
        event = ReportEvent.objects.filter(report=report).last()
        self.assertEqual((event.action, event.note), ("reopened", "Помилка в цифрах"))

    def test_a_resubmission_keeps_the_first_hand_in_time_for_the_on_time_rate(self):
        expected_report = self.expected_report(2)
        first = dt.datetime(2025, 10, 1, 9, 0, tzinfo=KYIV)
        report = make_report(expected_report, state=ReportState.RETURNED, submitted_at=first)
        report.submit(self.executor)
        report.refresh_from_db()
        self.assertEqual(report.first_submitted_at, first)

    def test_the_history_shows_events_without_a_user(self):
        expected_report = self.expected_report(2)
        report = make_report(expected_report, state=ReportState.SUBMITTED)
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMITTED, user=None)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url(expected_report)).status_code, 200)

    def test_the_report_page_shows_the_measure_status_over_time(self):
        from planwatch.monitoring.models import Outcome

        make_report(
            self.expected_report(2, period="2025-Q2"),
            state=ReportState.ACCEPTED,
            outcome=Outcome.POSTPONED,
        )
        make_report(self.expected_report(2), state=ReportState.ACCEPTED, outcome=Outcome.DONE)
        self.login(self.coordinator)
        response = self.client.get(self.url(self.expected_report(2)))
        timeline = [(p.label, code) for p, code, _label in response.context["timeline"]]
        self.assertEqual(timeline, [("2025-Q2", "postponed"), ("2025-Q3", "done")])
        self.assertContains(response, "Виконано")
        self.assertFalse(response.context["measure_overdue"])

    def test_transitions_the_state_does_not_allow_raise(self):
        report = make_report(self.expected_report(2), state=ReportState.DRAFT)
        with self.assertRaises(WorkflowError):
            report.accept(self.coordinator)
        with self.assertRaises(WorkflowError):
            report.reopen(self.coordinator, "x")

    def test_executors_cannot_review(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.SUBMITTED)
        self.login(self.executor)
        response = self.client.post(
            self.url(expected_report, "review/"), {"version": 0, "action": "accept"}
        )
        self.assertEqual(response.status_code, 404)


@time_machine.travel(NOW, tick=False)
class ReportAccessTestCase(MonitoringTestCase):
    def url(self, expected_report):
        return f"/monitoring/reports/{expected_report.pk}/"

    def test_an_executor_of_another_community_cannot_see_or_change_a_draft(self):
        expected_report = self.expected_report(1)
        make_report(expected_report, narrative="Чернетка служби.")
        self.login(self.other_executor)
        self.assertEqual(self.client.get(self.url(expected_report)).status_code, 404)
        response = self.client.post(
            self.url(expected_report), {"outcome": "done", "narrative": "Злам.", "action": "submit"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            ExecutionReport.objects.get(expected=expected_report).narrative, "Чернетка служби."
        )

    def test_co_executors_see_each_others_handed_in_reports_but_not_drafts(self):
        expected_report = self.expected_report(1)
        report = make_report(expected_report, narrative="Чернетка служби.")
        self.login(self.co_executor)
        response = self.client.get(self.url(expected_report))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Чернетка служби.")
        report.submit(self.executor)
        self.assertContains(self.client.get(self.url(expected_report)), "Чернетка служби.")

    def test_co_executors_cannot_write_each_others_reports(self):
        expected_report = self.expected_report(1)
        self.login(self.co_executor)
        self.client.post(
            self.url(expected_report),
            {"outcome": "done", "narrative": "Не моє.", "action": "submit"},
        )
        self.assertFalse(ExecutionReport.objects.exists())

    def test_an_executor_sees_nothing_of_a_measure_it_does_not_execute(self):
        expected_report = self.expected_report(3, org=self.partner)
        self.login(self.co_executor)
        self.assertEqual(self.client.get(self.url(expected_report)).status_code, 404)

    def test_the_coordinator_sees_that_a_draft_exists_but_not_its_text(self):
        expected_report = self.expected_report(1)
        make_report(expected_report, narrative="Чернетка служби.")
        self.login(self.coordinator)
        response = self.client.get(self.url(expected_report))
        self.assertNotContains(response, "Чернетка служби.")
        self.assertContains(response, 'class="badge"')

    def test_outsiders_get_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url(self.expected_report(1))).status_code, 404)


@time_machine.travel(NOW, tick=False)
class EvidenceTestCase(MonitoringTestCase):
    def attach(self, expected_report, state=ReportState.SUBMITTED):
        self.login(self.executor)
        upload = SimpleUploadedFile("акт.pdf", PDF, "application/pdf")
        data = {"outcome": "done", "narrative": "Акт.", "action": "save", "files": [upload]}
        self.client.post(f"/monitoring/reports/{expected_report.pk}/", data)
        evidence = Evidence.objects.get(report__expected=expected_report)
        if state == ReportState.SUBMITTED:
            evidence.report.submit(self.executor)
        return evidence

    def test_the_file_is_served_to_those_who_may_read_the_report(self):
        evidence = self.attach(self.expected_report(1))
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/evidence/{evidence.pk}/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Security-Policy"], "sandbox")

    def test_a_draft_file_is_not_served_to_the_coordinator(self):
        evidence = self.attach(self.expected_report(1), state=ReportState.DRAFT)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(f"/monitoring/evidence/{evidence.pk}/").status_code, 404)

    def test_outsiders_cannot_fetch_files(self):
        evidence = self.attach(self.expected_report(1))
        self.login(self.other_executor)
        self.assertEqual(self.client.get(f"/monitoring/evidence/{evidence.pk}/").status_code, 404)

    def test_the_writer_removes_a_file_from_a_draft_only(self):
        evidence = self.attach(self.expected_report(1), state=ReportState.DRAFT)
        self.client.post(f"/monitoring/evidence/{evidence.pk}/delete/")
        self.assertFalse(Evidence.objects.exists())
        evidence = self.attach(self.expected_report(2))
        response = self.client.post(f"/monitoring/evidence/{evidence.pk}/delete/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Evidence.objects.filter(pk=evidence.pk).exists())

    def test_a_docx_is_recognised_by_its_parts(self):
        import io
        import zipfile

        from planwatch.monitoring.evidence import check_upload

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        self.assertEqual(check_upload(SimpleUploadedFile("звіт.docx", buffer.getvalue())), "docx")
        other = io.BytesIO()
        with zipfile.ZipFile(other, "w") as archive:
            archive.writestr("evil.txt", "x")
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            check_upload(SimpleUploadedFile("звіт.docx", other.getvalue()))
