"""The reports page: who may reach it, queueing a report, progress, downloads."""

from __future__ import annotations

import time_machine
from django.test import override_settings
from django.urls import reverse

from planwatch.orgs.models import Role
from planwatch.plan_reports.models import JobStatus, ReportFile
from tests.plan_reports.base import ReportsTestCase
from tests.support.factory import make_user


class ReportsPageTestCase(ReportsTestCase):
    def url(self) -> str:
        return reverse("reports:plan", args=[self.mplan.pk])

    def ask(self, period="2025-Q3", fmt="xlsx"):
        return self.client.post(self.url(), {"period": period, "format": fmt})

    def test_monitors_of_the_owner_or_above_see_the_form(self):
        viewer = make_user("viewer", self.community, Role.VIEWER)
        for user in (self.coordinator, self.reviewer, viewer):
            with self.subTest(user.username):
                self.login(user)
                response = self.client.get(self.url())
                self.assertContains(response, "Сформувати звіт")
                self.assertContains(response, 'value="2025-Q3"')

    @time_machine.travel("2026-11-23 12:00 +0200")
    def test_the_newest_ended_period_is_preselected(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get(self.url()), '<option value="2026-Q3" selected>')

    def test_executors_and_outsiders_get_404(self):
        for user in (self.executor, self.outsider):
            with self.subTest(user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 404)
                self.assertEqual(self.ask().status_code, 404)
        self.assertFalse(ReportFile.objects.exists())

    def test_a_report_made_inline_is_listed_and_downloads(self):
        self.login(self.coordinator)
        self.assertRedirects(self.ask(fmt="docx"), self.url())
        job = ReportFile.objects.get()
        self.assertEqual((job.status, job.progress, job.made_by), ("done", 100, self.coordinator))
        page = self.client.get(self.url())
        download = reverse("reports:download", args=[job.pk])
        self.assertContains(page, download)
        response = self.client.get(download)
        self.assertEqual(response["Content-Type"], job.content_type)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertTrue(b"".join(response.streaming_content).startswith(b"PK"))

    def test_a_bad_period_is_refused_by_the_form(self):
        self.login(self.coordinator)
        response = self.ask(period="2031-Q1")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ReportFile.objects.exists())

    @override_settings(PLANWATCH_REPORTS_INLINE=False)
    def test_without_inline_the_job_waits_for_the_worker_and_the_page_polls(self):
        self.login(self.reviewer)
        self.ask()
        job = ReportFile.objects.get()
        self.assertEqual(job.status, JobStatus.QUEUED)
        page = self.client.get(self.url())
        self.assertContains(page, "<progress")
        self.assertContains(page, reverse("reports:status", args=[job.pk]))
        status = self.client.get(reverse("reports:status", args=[job.pk])).json()
        self.assertEqual(status, {"status": "queued", "progress": 0, "error": "", "url": ""})
        self.assertEqual(
            self.client.get(reverse("reports:download", args=[job.pk])).status_code, 404
        )

    def test_files_are_not_reachable_by_outsiders(self):
        self.login(self.coordinator)
        self.ask()
        job = ReportFile.objects.get()
        self.login(self.outsider)
        for name in ("reports:status", "reports:download"):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name, args=[job.pk])).status_code, 404)

    def test_the_dashboard_links_to_the_reports_page(self):
        self.login(self.coordinator)
        response = self.client.get(reverse("monitoring:dashboard", args=[self.mplan.pk]))
        self.assertContains(response, self.url())
