"""The report queue: one worker wins a job, failures are recorded, dead workers' jobs return."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from planwatch.plan_reports import jobs
from planwatch.plan_reports.models import JobStatus, ReportFile
from tests.plan_reports.base import REPORTS_DIR, TODAY, ReportsTestCase


class ReportJobsTestCase(ReportsTestCase):
    def enqueue(self, period="2025-Q3", fmt="xlsx") -> ReportFile:
        return jobs.enqueue(self.mplan, period, fmt, self.coordinator, TODAY)

    def test_only_one_claim_wins_a_job(self):
        job = self.enqueue()
        self.assertIsNotNone(jobs.claim(job.pk))
        self.assertIsNone(jobs.claim(job.pk))
        self.assertIsNone(jobs.claim_next())

    def test_the_worker_command_makes_queued_reports_into_private_storage(self):
        first, second = self.enqueue(), self.enqueue(fmt="docx")
        call_command("run_report_jobs", stdout=io.StringIO())
        for job in (first, second):
            job.refresh_from_db()
            self.assertEqual(job.status, JobStatus.DONE)
            path = Path(job.file.path)
            self.assertTrue(path.is_file())
            self.assertTrue(str(path).startswith(str(Path(REPORTS_DIR).resolve())))
            self.assertEqual(job.size, path.stat().st_size)

    def test_a_failing_job_is_marked_failed_with_the_reason(self):
        job = self.enqueue(period="2025-Q9")
        self.assertEqual(jobs.run_pending(), 1)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)
        self.assertIn("bad period", job.error)

    def test_a_job_of_a_dead_worker_is_queued_again(self):
        job = self.enqueue()
        jobs.claim(job.pk)
        ReportFile.objects.filter(pk=job.pk).update(
            started_at=timezone.now() - dt.timedelta(hours=1)
        )
        self.assertEqual(jobs.claim_next().pk, job.pk)
