"""Uploaded plan documents live in the "uploads" storage, checked by sha256 on every read."""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from planwatch.importer import PlanImportError
from planwatch.plans import import_jobs, reread, uploads
from planwatch.plans.imports import create_draft
from planwatch.plans.models import DraftStatus, ImportDraft, ParseStatus
from tests.plans.test_import_upload import TEXT_PLAN
from tests.support.base import BaseTestCase
from tests.support.factory import make_org

DATA = TEXT_PLAN.encode()


def stored(name: str) -> bytes:
    with storages["uploads"].open(name, "rb") as fh:
        return fh.read()


class UploadStorageTestCase(BaseTestCase):
    def upload(self) -> ImportDraft:
        self.login(self.coordinator)
        upload = SimpleUploadedFile("план громади.txt", DATA)
        response = self.client.post("/plans/import/", {"file": upload, "owner": self.community.pk})
        draft = ImportDraft.objects.get(file_name="план громади.txt")
        self.assertRedirects(response, f"/plans/import/{draft.pk}/")
        return draft

    def test_an_upload_is_kept_in_the_storage_with_its_checksum(self):
        draft = self.upload()
        self.assertTrue(draft.file.name.startswith("drafts/") and draft.file.name.endswith(".txt"))
        self.assertNotIn("план", draft.file.name)  # the person's file name is no path
        self.assertEqual(stored(draft.file.name), DATA)
        self.assertEqual(draft.file_sha256, hashlib.sha256(DATA).hexdigest())
        self.assertEqual(uploads.read(draft), DATA)
        columns = [
            c.name
            for c in connection.introspection.get_table_description(
                connection.cursor(), "plans_importdraft"
            )
        ]
        self.assertNotIn("file_data", columns)

    def test_discarding_a_draft_deletes_its_file_after_the_commit(self):
        draft = self.upload()
        name = draft.file.name
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/plans/import/{draft.pk}/discard/")
        self.assertEqual(response.status_code, 302)
        draft.refresh_from_db()
        self.assertEqual((draft.status, draft.file.name, draft.file_sha256), ("discarded", "", ""))
        self.assertFalse(storages["uploads"].exists(name))

    def test_a_published_draft_keeps_its_source_document(self):
        draft = self.upload()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"/plans/import/{draft.pk}/publish/")
        self.assertEqual(response.status_code, 302)
        draft.refresh_from_db()
        self.assertEqual(draft.status, DraftStatus.PUBLISHED)
        self.assertEqual(uploads.read(draft), DATA)

    def test_a_deleted_draft_leaves_no_file(self):
        draft = create_draft(DATA, "plan.txt", self.community, deferred=True)
        name = draft.file.name
        with self.captureOnCommitCallbacks(execute=True):
            draft.delete()
        self.assertFalse(storages["uploads"].exists(name))

    def test_a_failed_import_leaves_no_file_once_its_message_is_shown(self):
        draft = create_draft(b"\x00\x01 not a plan", "scan.pdf", self.community, deferred=True)
        name = draft.file.name
        import_jobs.run_pending()
        self.login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(f"/plans/import/{draft.pk}/")
        self.assertFalse(ImportDraft.objects.filter(pk=draft.pk).exists())
        self.assertFalse(storages["uploads"].exists(name))

    def test_an_upload_that_is_not_saved_leaves_no_file(self):
        def listed() -> list[str]:
            return storages["uploads"].listdir("drafts")[1]

        before = listed() if storages["uploads"].exists("drafts") else []
        with self.assertRaises(PlanImportError):
            create_draft(b"not a plan at all", "plan.txt", self.community)
        with (
            mock.patch.object(ImportDraft, "save", side_effect=DatabaseError("down")),
            self.assertRaises(DatabaseError),
        ):
            create_draft(DATA, "plan.txt", self.community)
        self.assertEqual(sorted(listed()), sorted(before))

    def test_a_missing_file_fails_the_job_with_a_clear_message(self):
        draft = create_draft(DATA, "scan.pdf", self.community, deferred=True)
        storages["uploads"].delete(draft.file.name)
        self.assertEqual(import_jobs.run_pending(), 1)
        draft.refresh_from_db()
        self.assertEqual(draft.parse_status, ParseStatus.FAILED)
        self.assertEqual(
            draft.parse_error,
            "Завантажений файл «scan.pdf» відсутній у сховищі файлів. Завантажте план ще раз.",
        )

    def test_a_changed_file_is_refused_by_its_checksum(self):
        draft = create_draft(DATA, "plan.txt", self.community)
        storage = storages["uploads"]
        storage.delete(draft.file.name)
        storage.save(draft.file.name, ContentFile(DATA.replace("батьків".encode(), b"XX")))
        with self.assertRaises(reread.RereadError) as caught:
            reread.reread(draft, {})
        self.assertIn("контрольна сума", str(caught.exception))
        self.assertIn("plan.txt", str(caught.exception))

    def test_the_scanned_cell_is_not_drawn_from_a_missing_file(self):
        draft = create_draft(DATA, "plan.txt", self.community, self.coordinator)
        draft.document["warnings"].append({"page": 1, "bbox": [1, 1, 2, 2], "message": "ocr"})
        draft.save()
        storages["uploads"].delete(draft.file.name)
        self.login(self.coordinator)
        index = len(draft.document["warnings"]) - 1
        url = f"/plans/import/{draft.pk}/warnings/{index}/cell.png"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_import_plan_from_the_command_line_goes_through_the_storage(self):
        path = Path(tempfile.mkdtemp()) / "plan.txt"
        path.write_bytes(DATA)
        call_command("import_plan", str(path), "--org", self.community.name, stdout=io.StringIO())
        draft = ImportDraft.objects.get(status=DraftStatus.PENDING)
        self.assertEqual(stored(draft.file.name), DATA)
        self.assertEqual(draft.file_sha256, hashlib.sha256(DATA).hexdigest())


class UploadMigrationTestCase(TransactionTestCase):
    """0010 moves the bytes out of the database into the storage, and back when reversed."""

    before = [("plans", "0009_plan_events")]
    after = [("plans", "0010_draft_files_in_storage")]

    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def test_forward_and_back(self):
        owner = make_org("Альфівська сільська рада")
        old = self.migrate(self.before)
        Draft = old.get_model("plans", "ImportDraft")
        full = Draft.objects.create(
            owner_id=owner.pk, file_name="old.docx", file_data=DATA, document={}
        )
        empty = Draft.objects.create(owner_id=owner.pk, file_name="gone.txt", document={})
        try:
            new = self.migrate(self.after)
            Draft = new.get_model("plans", "ImportDraft")
            moved = Draft.objects.get(pk=full.pk)
            name = moved.file.name
            self.assertTrue(name.startswith("drafts/") and name.endswith(".docx"))
            self.assertEqual(stored(name), DATA)
            self.assertEqual(moved.file_sha256, hashlib.sha256(DATA).hexdigest())
            self.assertEqual(Draft.objects.get(pk=empty.pk).file.name, "")
            old = self.migrate(self.before)
            Draft = old.get_model("plans", "ImportDraft")
            self.assertEqual(bytes(Draft.objects.get(pk=full.pk).file_data), DATA)
            self.assertEqual(bytes(Draft.objects.get(pk=empty.pk).file_data), b"")
            self.assertFalse(storages["uploads"].exists(name))  # deleted on commit
        finally:  # every app back at its latest: going back to plans 0009 also unapplied
            # the other apps' migrations that depend on later plans ones (strategy's)
            self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
