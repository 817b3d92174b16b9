"""Scanned PDFs are read by the job worker: the upload returns at once, the page shows progress,
the review shows each doubtful scanned cell as a picture beside its text."""

from __future__ import annotations

import io
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from planwatch.importer import needs_background
from planwatch.plans import import_jobs, uploads
from planwatch.plans.imports import create_draft
from planwatch.plans.models import DraftStatus, ImportDraft, ParseStatus, Plan
from tests.importer.test_reader_pdf import HEADER, _scan_of, make_pdf, plan_page
from tests.plans.test_import_upload import TEXT_PLAN
from tests.support.base import BaseTestCase

SLOW = "planwatch.plans.imports.is_slow_upload"


class ImportJobTestCase(BaseTestCase):
    def upload(self, name: str, data: bytes):
        upload = SimpleUploadedFile(name, data)
        return self.client.post("/plans/import/", {"file": upload, "owner": self.community.pk})

    def queued_draft(self, data: bytes = TEXT_PLAN.encode(), name: str = "plan.txt"):
        return create_draft(data, name, self.community, self.coordinator, deferred=True)

    def test_a_slow_upload_is_queued_without_being_read(self):
        self.login(self.coordinator)
        with mock.patch(SLOW, return_value=True):
            response = self.upload("scan.pdf", TEXT_PLAN.encode())
        draft = ImportDraft.objects.get(file_name="scan.pdf")
        self.assertRedirects(response, f"/plans/import/{draft.pk}/")
        self.assertEqual((draft.parse_status, draft.document), (ParseStatus.QUEUED, {}))

    def test_the_waiting_page_shows_progress_and_refreshes(self):
        draft = self.queued_draft()
        ImportDraft.objects.filter(pk=draft.pk).update(
            parse_status=ParseStatus.RUNNING, parse_progress=40, parse_step="OCR page 4"
        )
        self.login(self.coordinator)
        response = self.client.get(f"/plans/import/{draft.pk}/")
        self.assertContains(response, 'value="40"')
        self.assertContains(response, "OCR page 4")
        self.assertContains(response, 'http-equiv="refresh"')

    def test_nothing_can_be_edited_or_published_before_the_file_is_read(self):
        draft = self.queued_draft()
        self.login(self.coordinator)
        response = self.client.post(f"/plans/import/{draft.pk}/publish/")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Plan.objects.filter(title__contains="ПЛАН").exists())

    def test_the_worker_reads_the_file_and_the_review_opens(self):
        draft = self.queued_draft()
        self.assertEqual(import_jobs.run_pending(), 1)
        draft.refresh_from_db()
        self.assertEqual((draft.parse_status, draft.parse_progress), (ParseStatus.READY, 100))
        self.assertIn("3", draft.source_rows)  # the source lines are kept for the review
        self.login(self.coordinator)
        response = self.client.get(f"/plans/import/{draft.pk}/")
        self.assertContains(response, "створення мережі прийомних сімей у громаді")
        self.assertContains(response, 'class="source"')

    def test_a_job_is_claimed_by_one_worker_only(self):
        self.queued_draft()
        first = import_jobs.claim_next()
        self.assertIsNotNone(first)
        self.assertIsNone(import_jobs.claim_next())

    def test_a_file_that_cannot_be_read_says_why_and_leaves_nothing(self):
        draft = self.queued_draft(b"\x00\x01 not a plan at all", "scan.pdf")
        import_jobs.run_pending()
        draft.refresh_from_db()
        self.assertEqual(draft.parse_status, ParseStatus.FAILED)
        self.login(self.coordinator)
        response = self.client.get(f"/plans/import/{draft.pk}/", follow=True)
        self.assertContains(response, "scan.pdf")
        self.assertContains(response, "Не вдалося прочитати файл: ")  # on the waiting page
        self.assertContains(response, 'data-status="failed"')
        self.assertNotContains(response, 'http-equiv="refresh"')  # it stops refreshing
        self.assertFalse(ImportDraft.objects.filter(pk=draft.pk).exists())

    def test_a_draft_discarded_while_it_is_read_stays_discarded(self):
        draft = self.queued_draft()
        claimed = import_jobs.claim_next()
        ImportDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.DISCARDED)
        self.assertFalse(import_jobs.run_job(claimed))
        draft.refresh_from_db()
        self.assertEqual(draft.status, DraftStatus.DISCARDED)

    def test_an_outsider_cannot_see_the_waiting_page(self):
        draft = self.queued_draft()
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/plans/import/{draft.pk}/").status_code, 404)


class ScannedCellTestCase(BaseTestCase):
    def setUp(self):
        self.scan = _scan_of(make_pdf([plan_page([HEADER, HEADER])]), specks=0)

    def draft_with_ocr_warning(self):
        draft = create_draft(TEXT_PLAN.encode(), "plan.txt", self.community, self.coordinator)
        uploads.store(draft, self.scan)
        draft.document["warnings"].append(
            {"line": 2, "page": 1, "bbox": [40, 40, 190, 70], "message": "low OCR confidence"}
        )
        draft.save()
        return draft

    def test_a_scan_needs_the_background_and_a_digital_pdf_does_not(self):
        self.assertTrue(needs_background(self.scan, "scan.pdf"))
        self.assertFalse(needs_background(make_pdf([plan_page([HEADER])]), "plan.pdf"))

    def test_the_review_shows_the_scanned_cell_beside_its_warning(self):
        draft = self.draft_with_ocr_warning()
        index = len(draft.document["warnings"]) - 1
        self.login(self.coordinator)
        page = self.client.get(f"/plans/import/{draft.pk}/")
        url = f"/plans/import/{draft.pk}/warnings/{index}/cell.png"
        self.assertContains(page, url)
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "image/png")
        img = Image.open(io.BytesIO(response.content))
        self.assertLess(abs(img.width - 150 * 200 / 72), 4)

    def test_a_warning_without_a_cell_has_no_picture(self):
        draft = self.draft_with_ocr_warning()
        draft.document["warnings"].insert(0, {"line": 1, "message": "no cell"})
        draft.save()
        self.login(self.coordinator)
        response = self.client.get(f"/plans/import/{draft.pk}/warnings/0/cell.png")
        self.assertEqual(response.status_code, 404)

    def test_an_outsider_cannot_see_the_cell(self):
        draft = self.draft_with_ocr_warning()
        self.login(self.outsider)
        index = len(draft.document["warnings"]) - 1
        response = self.client.get(f"/plans/import/{draft.pk}/warnings/{index}/cell.png")
        self.assertEqual(response.status_code, 404)
