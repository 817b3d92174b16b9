"""Uploads through the web: size caps, types by content, zip and XML bombs, safe storage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from planwatch.monitoring.models import Evidence, ExecutionReport
from planwatch.plans.models import ImportDraft
from tests.security.files import (
    BILLION_LAUGHS,
    EXE,
    EXTERNAL_ENTITY,
    PDF,
    docx_bomb,
    docx_with,
    xlsx_with,
)
from tests.support.base import BaseTestCase
from tests.support.monitoring_base import EVIDENCE_DIR, KYIV, MonitoringTestCase


class PlanUploadHardeningTestCase(BaseTestCase):
    def post(self, name: str, data: bytes):
        self.login(self.coordinator)
        upload = SimpleUploadedFile(name, data)
        return self.client.post("/plans/import/", {"file": upload, "owner": self.community.pk})

    def assert_refused(self, response, *words: str) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "has-error")
        for word in words:
            self.assertContains(response, word)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())

    def test_a_docx_zip_bomb_is_refused_before_it_is_inflated(self):
        self.assert_refused(self.post("bomb.docx", docx_bomb()), "zip bomb")

    def test_billion_laughs_in_a_docx_is_refused(self):
        self.assert_refused(self.post("laughs.docx", docx_with(BILLION_LAUGHS)), "DOCTYPE")

    def test_an_external_entity_in_a_docx_is_refused_and_nothing_is_read(self):
        response = self.post("xxe.docx", docx_with(EXTERNAL_ENTITY))
        self.assert_refused(response, "DOCTYPE")
        self.assertNotContains(response, "root:")

    def test_billion_laughs_in_an_xlsx_is_refused(self):
        strings = BILLION_LAUGHS.replace("w:document", "sst")
        self.assert_refused(self.post("laughs.xlsx", xlsx_with(strings)), "DOCTYPE")

    def test_a_renamed_executable_is_refused(self):
        self.assert_refused(self.post("plan.docx", EXE))

    def test_an_unknown_extension_is_refused(self):
        self.assert_refused(self.post("plan.exe", b"just text"), ".docx")

    @override_settings(PLANWATCH_MAX_UPLOAD_BYTES=64 * 1024)
    def test_a_body_over_the_limit_is_refused_with_413_before_it_is_read(self):
        response = self.post("big.txt", b"x" * (200 * 1024))
        self.assertEqual(response.status_code, 413)
        self.assertFalse(ImportDraft.objects.filter(status="pending").exists())

    @override_settings(PLANWATCH_MAX_UPLOAD_BYTES=64 * 1024)
    def test_a_file_just_over_the_limit_gets_the_forms_message(self):
        response = self.post("big.txt", b"x" * (70 * 1024))
        self.assert_refused(response, "0.1")

    def test_a_path_in_the_file_name_is_dropped(self):
        from tests.plans.test_import_upload import TEXT_PLAN

        self.post("../../../etc/passwd.txt", TEXT_PLAN.encode())
        draft = ImportDraft.objects.get(status="pending")
        self.assertNotIn("/", draft.file_name)
        self.assertNotIn("..", draft.file_name)


def form_data(expected_report, **fields) -> dict:
    prefix = f"r{expected_report.pk}-"
    return {"expected": [str(expected_report.pk)], **{prefix + k: v for k, v in fields.items()}}


@time_machine.travel(dt.datetime(2025, 10, 5, 10, 0, tzinfo=KYIV), tick=False)
class EvidenceHardeningTestCase(MonitoringTestCase):
    def attach(self, name: str, data: bytes):
        self.login(self.executor)
        expected_report = self.expected_report(1)
        fields = form_data(expected_report, outcome="done", narrative="Акт додано.")
        fields[f"r{expected_report.pk}-files"] = [SimpleUploadedFile(name, data)]
        return self.client.post("/monitoring/", {**fields, "action": "submit"})

    def test_a_docx_zip_bomb_is_not_accepted_as_evidence(self):
        response = self.attach("акт.docx", docx_bomb())
        self.assertContains(response, "акт.docx")
        self.assertFalse(Evidence.objects.exists())
        self.assertFalse(ExecutionReport.objects.exists())

    def test_a_renamed_executable_is_not_accepted(self):
        self.attach("акт.pdf", EXE)
        self.assertFalse(Evidence.objects.exists())

    def test_files_get_random_names_outside_the_web_root(self):
        self.attach("../../../static/evil.pdf", PDF)
        evidence = Evidence.objects.get()
        stored = Path(evidence.file.path).resolve()
        self.assertTrue(stored.is_relative_to(Path(EVIDENCE_DIR).resolve()))
        self.assertNotIn("evil", stored.name)
        self.assertNotIn("..", evidence.file.name)
        self.assertEqual(evidence.name, "evil.pdf")
        web_roots = [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
        for root in web_roots:
            self.assertFalse(stored.is_relative_to(root.resolve()), root)

    def test_no_url_serves_files_from_disk(self):
        from django.views.static import serve

        from tests.security.urls import all_patterns

        for pattern in all_patterns():
            self.assertIsNot(pattern.callback, serve, pattern.route)

    def test_evidence_is_served_sandboxed_and_not_sniffed(self):
        self.attach("акт.pdf", PDF)
        evidence = Evidence.objects.get()
        self.login(self.executor)
        response = self.client.get(f"/monitoring/evidence/{evidence.pk}/")
        self.assertEqual(response["Content-Security-Policy"], "sandbox")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Type"], "application/pdf")

    def test_a_removed_file_leaves_the_disk_only_when_the_removal_commits(self):
        self.login(self.executor)
        expected_report = self.expected_report(1)
        fields = form_data(expected_report, outcome="done", narrative="Чернетка.")
        fields[f"r{expected_report.pk}-files"] = [SimpleUploadedFile("акт.pdf", PDF)]
        self.client.post("/monitoring/", {**fields, "action": f"save:{expected_report.pk}"})
        evidence = Evidence.objects.get()
        path = Path(evidence.file.path)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.post(f"/monitoring/evidence/{evidence.pk}/delete/")
        self.assertFalse(Evidence.objects.exists())
        self.assertTrue(path.exists(), "not before the commit")
        for callback in callbacks:
            callback()
        self.assertFalse(path.exists())
