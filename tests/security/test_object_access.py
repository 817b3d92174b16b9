"""Object-level access: an executor of another community cannot see or change this
community's report drafts (pages, files, bulk forms, API), nor a coordinator of another
community its import drafts. Everything answers 404 and nothing changes."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from planwatch.api.tokens import rotate_token
from planwatch.monitoring.models import Evidence, ExecutionReport, ReportEvent, ReportState
from planwatch.plans.models import DraftStatus, ImportDraft, Plan
from tests.security.files import PDF
from tests.support.factory import make_draft
from tests.support.monitoring_base import KYIV, MonitoringTestCase, make_report


@time_machine.travel(dt.datetime(2025, 10, 5, 10, 0, tzinfo=KYIV), tick=False)
class ReportDraftIsolationTestCase(MonitoringTestCase):
    def setUp(self) -> None:
        self.expected_report_a = self.expected_report(1)  # community A's service writes it
        self.draft = make_report(
            self.expected_report_a, narrative="Чернетка громади А.", user=self.executor
        )
        self.evidence = Evidence(report=self.draft, name="акт.pdf", kind="pdf", size=len(PDF))
        self.evidence.file.save("x.pdf", ContentFile(PDF), save=False)
        self.evidence.save()
        self.login(self.other_executor)  # an executor of community B

    def assert_unchanged(self) -> None:
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.state, ReportState.DRAFT)
        self.assertEqual(self.draft.narrative, "Чернетка громади А.")
        self.assertTrue(Evidence.objects.filter(pk=self.evidence.pk).exists())
        self.assertFalse(ReportEvent.objects.filter(report=self.draft).exists())

    def test_the_report_page_is_404(self):
        response = self.client.get(f"/monitoring/reports/{self.expected_report_a.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Чернетка громади А.", status_code=404)

    def test_writing_or_submitting_the_report_is_404_and_changes_nothing(self):
        for action in ("save", "submit"):
            data = {"outcome": "done", "narrative": "Чуже.", "action": action}
            response = self.client.post(f"/monitoring/reports/{self.expected_report_a.pk}/", data)
            self.assertEqual(response.status_code, 404, action)
        self.assert_unchanged()

    def test_attaching_a_file_is_404(self):
        upload = SimpleUploadedFile("підміна.pdf", PDF)
        data = {"outcome": "done", "narrative": "x", "action": "save", "files": [upload]}
        self.client.post(f"/monitoring/reports/{self.expected_report_a.pk}/", data)
        self.assertEqual(Evidence.objects.filter(report=self.draft).count(), 1)

    def test_the_evidence_file_cannot_be_read_or_deleted(self):
        self.assertEqual(
            self.client.get(f"/monitoring/evidence/{self.evidence.pk}/").status_code, 404
        )
        response = self.client.post(f"/monitoring/evidence/{self.evidence.pk}/delete/")
        self.assertEqual(response.status_code, 404)
        self.assert_unchanged()

    def test_the_executor_page_ignores_a_foreign_expected_report_in_the_form(self):
        prefix = f"r{self.expected_report_a.pk}-"
        data = {
            "expected": [str(self.expected_report_a.pk)],
            prefix + "outcome": "done",
            prefix + "narrative": "Чуже.",
            "action": "submit",
        }
        self.client.post("/monitoring/", data)
        self.assert_unchanged()

    def test_reviewing_is_404(self):
        self.draft.state = ReportState.SUBMITTED
        self.draft.save(update_fields=["state"])
        for action in ("accept", "return"):
            data = {"action": action, "comment": "ні"}
            response = self.client.post(
                f"/monitoring/reports/{self.expected_report_a.pk}/review/", data
            )
            self.assertEqual(response.status_code, 404)
        response = self.client.post(
            f"/monitoring/plans/{self.mplan.pk}/reports/review/",
            {"expected": [self.expected_report_a.pk], "action": "accept"},
        )
        self.assertEqual(response.status_code, 404)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.state, ReportState.SUBMITTED)

    def test_the_dashboard_and_drill_down_are_404(self):
        for url in (
            f"/monitoring/plans/{self.mplan.pk}/",
            f"/monitoring/plans/{self.mplan.pk}/reports/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_the_api_hides_the_draft_and_refuses_writes(self):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {rotate_token(self.other_executor).key}")
        self.assertEqual(
            client.get(f"/api/v1/reports/{self.expected_report_a.pk}/").status_code, 404
        )
        ids = [r["id"] for r in client.get("/api/v1/reports/?page_size=200").json()["results"]]
        self.assertNotIn(self.expected_report_a.pk, ids)
        body = {"outcome": "done", "narrative": "Чуже.", "seen": 1}
        self.assertIn(
            client.put(
                f"/api/v1/reports/{self.expected_report_a.pk}/", body, format="json"
            ).status_code,
            (403, 404),
        )
        self.assertIn(
            client.post(f"/api/v1/reports/{self.expected_report_a.pk}/submit/").status_code,
            (403, 404),
        )
        self.assert_unchanged()

    def test_the_coordinator_sees_that_a_draft_exists_but_not_its_text_or_file(self):
        self.login(self.coordinator)
        response = self.client.get(f"/monitoring/reports/{self.expected_report_a.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Чернетка громади А.")
        self.assertEqual(
            self.client.get(f"/monitoring/evidence/{self.evidence.pk}/").status_code, 404
        )


class ImportDraftIsolationTestCase(MonitoringTestCase):
    def setUp(self) -> None:
        self.draft = make_draft(self.community, user=self.coordinator)
        self.login(self.outsider)  # coordinator of the other community

    def test_every_draft_page_is_404_for_another_community(self):
        uid = self.draft.document["nodes"][0]["children"][0]["measures"][0]["uid"]
        gets = [
            f"/plans/import/{self.draft.pk}/",
            f"/plans/import/{self.draft.pk}/m/{uid}/edit/",
            f"/plans/import/{self.draft.pk}/m/{uid}/split/",
        ]
        for url in gets:
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_publishing_discarding_or_editing_it_is_404_and_changes_nothing(self):
        uid = self.draft.document["nodes"][0]["children"][0]["measures"][0]["uid"]
        plans = Plan.objects.count()
        posts = {
            f"/plans/import/{self.draft.pk}/publish/": {},
            f"/plans/import/{self.draft.pk}/discard/": {},
            f"/plans/import/{self.draft.pk}/m/{uid}/edit/": {"text": "підміна"},
            f"/plans/import/{self.draft.pk}/executors/": {},
        }
        for url, data in posts.items():
            self.assertEqual(self.client.post(url, data).status_code, 404, url)
        draft = ImportDraft.objects.get(pk=self.draft.pk)
        self.assertEqual(draft.status, DraftStatus.PENDING)
        self.assertEqual(draft.document, self.draft.document)
        self.assertEqual(Plan.objects.count(), plans)

    def test_an_executor_of_the_same_community_cannot_open_it_either(self):
        self.login(self.executor)
        self.assertEqual(self.client.get(f"/plans/import/{self.draft.pk}/").status_code, 404)

    def test_the_upload_page_does_not_list_it(self):
        response = self.client.get("/plans/import/")
        self.assertNotContains(response, f"/plans/import/{self.draft.pk}/")


class ExecutionReportsUntouchedTestCase(MonitoringTestCase):
    def test_no_report_rows_appear_from_refused_requests(self):
        self.login(self.other_executor)
        expected_report = self.expected_report(1)
        self.client.post(
            f"/monitoring/reports/{expected_report.pk}/", {"narrative": "x", "action": "save"}
        )
        self.assertFalse(ExecutionReport.objects.filter(expected=expected_report).exists())
