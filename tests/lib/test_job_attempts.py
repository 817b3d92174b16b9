"""The job queues under real use: an idle worker writes nothing (on SQLite a write blocks every
request), a job whose worker keeps dying fails after three attempts with a clear message, the
waiting page tells the truth about it, and a job that wants too much memory fails alone."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from planwatch.plan_reports import jobs as report_jobs
from planwatch.plan_reports.models import JobStatus, ReportFile
from planwatch.plans import import_jobs
from planwatch.plans.imports import create_draft
from planwatch.plans.models import ImportDraft, ParseStatus
from tests.plan_reports.base import TODAY, ReportsTestCase
from tests.plans.test_import_upload import TEXT_PLAN
from tests.support.base import BaseTestCase

WRITES = ("INSERT", "UPDATE", "DELETE")
GAVE_UP = (
    "Файл не вдалося обробити після 3 спроб: обробка зупинялася (ймовірно, бракувало "
    "пам'яті або часу). Перевірте файл або зверніться до адміністратора."
)


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def worker_dies(model, pk: int, started: str) -> None:
    """What a killed worker leaves: the row ``running`` since long ago."""
    long_ago = timezone.now() - dt.timedelta(hours=1)
    model.objects.filter(pk=pk).update(**{started: long_ago})


class ImportAttemptsTestCase(BaseTestCase):
    def queued_draft(self) -> ImportDraft:
        return create_draft(
            TEXT_PLAN.encode(), "scan.pdf", self.community, self.coordinator, deferred=True
        )

    def test_an_idle_worker_only_reads(self):
        draft = self.queued_draft()
        import_jobs.claim_next()  # running now, not stale: nothing to do
        with CaptureQueriesContext(connection) as queries:
            self.assertIsNone(import_jobs.claim_next())
            self.assertEqual(report_jobs.claim_next(), None)
        self.assertEqual(writes(queries.captured_queries), [])
        self.assertTrue(queries.captured_queries)  # it did look
        draft.refresh_from_db()
        self.assertEqual(draft.parse_status, ParseStatus.RUNNING)

    def test_each_claim_counts_and_a_dying_file_fails_after_three(self):
        draft = self.queued_draft()
        for attempt in (1, 2, 3):
            claimed = import_jobs.claim_next()
            self.assertEqual((claimed.pk, claimed.attempts), (draft.pk, attempt))
            worker_dies(ImportDraft, draft.pk, "parse_started_at")
        self.assertIsNone(import_jobs.claim_next())  # the third death was the last
        draft.refresh_from_db()
        self.assertEqual(draft.parse_status, ParseStatus.FAILED)
        self.assertEqual(draft.parse_error, GAVE_UP)
        self.login(self.coordinator)
        page = self.client.get(f"/plans/import/{draft.pk}/")
        self.assertContains(page, f"scan.pdf: {escape(GAVE_UP)}")
        self.assertNotContains(page, "Не вдалося прочитати файл: Файл")  # said once
        self.assertNotContains(page, 'http-equiv="refresh"')

    def test_the_waiting_page_says_which_attempt_and_that_it_is_slow(self):
        draft = self.queued_draft()
        import_jobs.claim_next()
        self.login(self.coordinator)
        first = self.client.get(f"/plans/import/{draft.pk}/")
        self.assertNotContains(first, "довше, ніж зазвичай")
        worker_dies(ImportDraft, draft.pk, "parse_started_at")
        import_jobs.claim_next()
        second = self.client.get(f"/plans/import/{draft.pk}/")
        self.assertContains(second, "спроба 2 з 3")
        self.assertContains(second, "Обробка триває довше, ніж зазвичай")
        self.assertContains(second, 'data-attempt="2"')

    def test_a_file_that_wants_too_much_memory_fails_its_job_not_the_worker(self):
        draft = self.queued_draft()

        def hungry(*args, **kwargs):
            return bytearray(3 * 1024**3)  # 3 GB: above the cap the worker runs under

        with (
            override_settings(PLANWATCH_WORKER_MEMORY_MB=1),  # raised to what it maps + 256 MB
            mock.patch("planwatch.plans.import_jobs.parse_upload_with_rows", hungry),
        ):
            call_command("run_import_jobs", stdout=io.StringIO())
        draft.refresh_from_db()
        self.assertEqual(draft.parse_status, ParseStatus.FAILED)
        self.assertIn("більше пам'яті", draft.parse_error)
        self.assertEqual(len(bytearray(512 * 1024**2)), 512 * 1024**2)  # the cap is lifted


class ReportAttemptsTestCase(ReportsTestCase):
    def test_a_report_whose_worker_keeps_dying_fails_after_three(self):
        job = report_jobs.enqueue(self.mplan, "2025-Q3", "xlsx", self.coordinator, TODAY)
        for _attempt in range(3):
            self.assertEqual(report_jobs.claim_next().pk, job.pk)
            worker_dies(ReportFile, job.pk, "started_at")
        self.assertIsNone(report_jobs.claim_next())
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (JobStatus.FAILED, 3))
        self.assertTrue(job.error.startswith("Звіт не вдалося підготувати після 3 спроб"))
        self.assertIsNotNone(job.finished_at)

    def test_the_report_list_shows_the_attempt_and_the_whole_reason(self):
        job = report_jobs.enqueue(self.mplan, "2025-Q3", "xlsx", self.coordinator, TODAY)
        report_jobs.claim_next()
        worker_dies(ReportFile, job.pk, "started_at")
        report_jobs.claim_next()
        self.login(self.coordinator)
        page = self.client.get(f"/reports/plans/{self.mplan.pk}/")
        self.assertContains(page, "спроба 2 з 3")
        worker_dies(ReportFile, job.pk, "started_at")
        report_jobs.claim_next()
        worker_dies(ReportFile, job.pk, "started_at")
        report_jobs.claim_next()
        page = self.client.get(f"/reports/plans/{self.mplan.pk}/")
        self.assertContains(page, "зверніться до адміністратора")  # not cut off
