"""backup → empty database → restore gives back every row (same ids) and every file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, TransactionTestCase, override_settings

from planwatch.monitoring.models import Evidence, ExpectedReport, ReportState
from planwatch.operations.backup import BackupError, backup, backup_models, restore
from planwatch.orgs.models import OrgKind, Role
from planwatch.plans import uploads
from planwatch.plans.models import ImportDraft, Plan
from tests.security.files import PDF
from tests.support.factory import PASSWORD, make_draft, make_org, make_plan, make_user
from tests.support.monitoring_base import make_report, monitored_plan_dict

EVIDENCE = tempfile.mkdtemp(prefix="planwatch-backup-evidence-")
REPORTS = tempfile.mkdtemp(prefix="planwatch-backup-reports-")
UPLOADS = tempfile.mkdtemp(prefix="planwatch-backup-uploads-")
UPLOADED = b"\x00\x01binary\xff plan bytes"


def snapshot() -> dict[str, list]:
    """Every row of every table, by primary key (JSON compared as values, not text)."""
    out = {}
    for model in backup_models():
        names = [f.attname for f in model._meta.concrete_fields]
        out[model._meta.label] = [
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            for row in model._base_manager.order_by("pk").values_list(*names)
        ]
    return out


@override_settings(
    PLANWATCH_EVIDENCE_ROOT=EVIDENCE, PLANWATCH_REPORTS_ROOT=REPORTS, PLANWATCH_UPLOADS_ROOT=UPLOADS
)
class BackupRestoreTestCase(TransactionTestCase):
    def setUp(self) -> None:
        self.out = Path(tempfile.mkdtemp(prefix="planwatch-backup-")) / "b"
        oblast = make_org("Тестова обласна державна адміністрація", OrgKind.OBLAST)
        self.community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY, oblast)
        service = make_org("Служба у справах дітей", OrgKind.DEPARTMENT, self.community)
        self.coordinator = make_user("coordinator", self.community, Role.COORDINATOR)
        self.executor = make_user("executor", service, Role.EXECUTOR)
        make_user("root", is_superuser=True, is_staff=True)
        self.plan = make_plan(
            self.community, doc=monitored_plan_dict(extra=3), user=self.coordinator
        )
        self.plan.current_revision.measures.filter(position=1).update(
            deadline={"text": "щокварталу", "nested": {"ключ": [1, 2.5, None, True]}}
        )
        expected_reports = list(
            ExpectedReport.objects.filter(plan=self.plan, organization=service)[:6]
        )
        states = [ReportState.ACCEPTED, ReportState.SUBMITTED, ReportState.RETURNED]
        reports = [
            make_report(s, state=states[i % 3], user=self.executor)
            for i, s in enumerate(expected_reports)
        ]
        evidence = Evidence(report=reports[0], name="акт №1.pdf", kind="pdf", size=len(PDF))
        evidence.file.save("ignored.pdf", ContentFile(PDF), save=False)
        evidence.save()
        self.evidence_path = Path(evidence.file.path)
        make_draft(self.community, user=self.coordinator, data=UPLOADED)

    def wipe(self) -> None:
        """An empty database as `migrate` leaves it, and no files."""
        call_command("flush", interactive=False, verbosity=0)
        for root in (EVIDENCE, UPLOADS):
            shutil.rmtree(root, ignore_errors=True)
            Path(root).mkdir()

    def test_a_restore_into_an_empty_database_gives_back_every_row_and_file(self):
        before = snapshot()
        manifest = backup(self.out)
        self.assertEqual(
            sorted(f["field"] for f in manifest["files"]),
            ["monitoring.Evidence.file", "plans.ImportDraft.file"],
        )
        self.wipe()
        self.assertEqual(Plan.objects.count(), 0)
        counts = restore(self.out)
        after = snapshot()
        for label, rows in before.items():
            self.assertEqual(after[label], rows, label)
        self.assertEqual(counts["plans.Plan"], 1)
        self.assertEqual(self.evidence_path.read_bytes(), PDF)
        draft = ImportDraft.objects.get(status="pending")
        self.assertEqual(uploads.read(draft), UPLOADED)  # back in the storage, checksum kept

    def test_the_restored_site_works_logins_pages_and_new_rows(self):
        backup(self.out)
        self.wipe()
        restore(self.out)
        client = Client()
        self.assertTrue(client.login(username="executor", password=PASSWORD))
        evidence = Evidence.objects.get()
        response = client.get(f"/monitoring/evidence/{evidence.pk}/")
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertTrue(client.login(username="coordinator", password=PASSWORD))
        self.assertEqual(client.get(f"/plans/{self.plan.pk}/").status_code, 200)
        # the id sequences moved past the restored rows
        again = make_plan(self.community, doc=monitored_plan_dict(), user=self.coordinator)
        self.assertGreater(again.pk, self.plan.pk)

    def test_restore_refuses_a_database_with_data_and_changes_nothing(self):
        backup(self.out)
        before = snapshot()
        with self.assertRaisesRegex(BackupError, "empty database"):
            restore(self.out)
        self.assertEqual(snapshot(), before)

    def test_restore_refuses_a_damaged_file_before_touching_the_database(self):
        backup(self.out)
        damaged = next((self.out / "files").rglob("*.pdf"))
        damaged.write_bytes(b"%PDF-tampered")
        self.wipe()
        with self.assertRaisesRegex(BackupError, "checksum"):
            restore(self.out)
        self.assertEqual(Plan.objects.count(), 0)

    def test_a_failing_table_rolls_the_whole_restore_back(self):
        backup(self.out)
        data = self.out / "data" / "plans.Measure.jsonl.gz"
        import gzip

        with gzip.open(data, "rt") as fh:
            lines = fh.read().splitlines()
        with gzip.open(data, "wt") as fh:
            fh.write("\n".join(lines[:-1]) + "\n")  # one row short of the manifest
        self.wipe()
        with self.assertRaises(BackupError):
            restore(self.out)
        self.assertEqual(Plan.objects.count(), 0)
        self.assertEqual(ExpectedReport.objects.count(), 0)

    def test_backup_refuses_a_directory_with_files(self):
        self.out.mkdir(parents=True)
        (self.out / "old.txt").write_text("x")
        with self.assertRaises(BackupError):
            backup(self.out)

    def test_the_commands_run_end_to_end(self):
        call_command("backup", str(self.out), verbosity=0)
        self.wipe()
        call_command("restore", str(self.out), verbosity=0)
        self.assertEqual(Plan.objects.count(), 1)
        self.assertIn(connection.vendor, ("sqlite", "postgresql"))
