"""Backup and restore across file backends: a folder on disk → an S3 bucket → a folder again.

S3 is moto's in-process mock of the AWS API (boto3 talks to it, nothing leaves the process);
the two-server test (tests/security/test_two_servers.py) uses moto's real HTTP server.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, SimpleTestCase, TransactionTestCase, override_settings

from planwatch.lib.storage import describe, file_storages
from planwatch.monitoring.models import Evidence, ExpectedReport, ReportState
from planwatch.operations.backup import BackupError, backup, put_file, restore
from planwatch.orgs.models import OrgKind, Role
from planwatch.plan_reports.models import JobStatus, ReportFile
from planwatch.plans import uploads
from planwatch.plans.models import ImportDraft
from tests.security.files import PDF
from tests.support.factory import PASSWORD, make_draft, make_org, make_plan, make_user
from tests.support.monitoring_base import make_report, monitored_plan_dict

try:
    import boto3
    from moto import mock_aws
except ImportError:  # pragma: no cover — both are dev dependencies
    mock_aws = None

BUCKET = "planwatch-test"
S3_ENV = {"PLANWATCH_S3_BUCKET": BUCKET, "PLANWATCH_S3_REGION": "us-east-1"}
REPORT = b"PK\x03\x04 a generated report's bytes \xff"
UPLOADED = "ПЛАН ЗАХОДІВ громади (uploaded)".encode()


def disk_storages() -> dict:
    return {**file_storages({}), "staticfiles": {"BACKEND": STATIC}}


STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


def s3_storages() -> dict:
    return {**file_storages(S3_ENV), "staticfiles": {"BACKEND": STATIC}}


def bucket_objects() -> dict[str, bytes]:
    s3 = boto3.client("s3", region_name="us-east-1")
    listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


class BackupAcrossBackendsTestCase(TransactionTestCase):
    def setUp(self) -> None:
        if mock_aws is None:
            self.skipTest("moto is not installed (pip install -e '.[dev]')")
        self.tmp = Path(tempfile.mkdtemp(prefix="planwatch-backends-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.aws = mock_aws()
        self.aws.start()
        self.addCleanup(self.aws.stop)
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        self.roots(self.tmp / "disk-1")
        oblast = make_org("Тестова обласна державна адміністрація", OrgKind.OBLAST)
        community = make_org("Альфівська сільська рада", OrgKind.COMMUNITY, oblast)
        service = make_org("Служба у справах дітей", OrgKind.DEPARTMENT, community)
        coordinator = make_user("coordinator", community, Role.COORDINATOR)
        self.executor = make_user("executor", service, Role.EXECUTOR)
        plan = make_plan(community, doc=monitored_plan_dict(), user=coordinator)
        expected_report = ExpectedReport.objects.filter(plan=plan, organization=service).first()
        report = make_report(expected_report, state=ReportState.SUBMITTED, user=self.executor)
        evidence = Evidence(report=report, name="акт №1.pdf", kind="pdf", size=len(PDF))
        evidence.file.save("ignored.pdf", ContentFile(PDF), save=False)
        evidence.save()
        job = ReportFile(plan=plan, period="2025-Q1", format="docx", status=JobStatus.DONE)
        job.file.save("ignored.docx", ContentFile(REPORT), save=False)
        job.save()
        draft = make_draft(community, user=coordinator, data=UPLOADED)
        self.names = {
            "evidence": evidence.file.name,
            "report": job.file.name,
            "upload": draft.file.name,
        }

    def roots(self, root: Path) -> None:
        """Point the disk storages at a new folder (and use them)."""
        settings = override_settings(
            PLANWATCH_EVIDENCE_ROOT=str(root / "evidence"),
            PLANWATCH_REPORTS_ROOT=str(root / "reports"),
            PLANWATCH_UPLOADS_ROOT=str(root / "uploads"),
            MEDIA_ROOT=str(root / "media"),
            STORAGES=disk_storages(),
        )
        settings.enable()
        self.addCleanup(settings.disable)

    def use_s3(self) -> None:
        settings = override_settings(STORAGES=s3_storages())
        settings.enable()
        self.addCleanup(settings.disable)

    def wipe_database(self) -> None:
        call_command("flush", interactive=False, verbosity=0)

    def download_evidence(self) -> bytes:
        client = Client()
        self.assertTrue(client.login(username="executor", password=PASSWORD))
        response = client.get(f"/monitoring/evidence/{Evidence.objects.get().pk}/")
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def test_a_disk_backup_restores_into_s3_and_an_s3_backup_back_onto_disk(self):
        first = backup(self.tmp / "from-disk")
        self.assertEqual(len(first["files"]), 3)
        self.wipe_database()
        self.use_s3()
        self.assertEqual(describe("evidence"), f"s3://{BUCKET}/evidence")
        restore(self.tmp / "from-disk")
        stored = bucket_objects()
        self.assertEqual(stored[f"evidence/{self.names['evidence']}"], PDF)
        self.assertEqual(stored[f"reports/{self.names['report']}"], REPORT)
        self.assertEqual(stored[f"uploads/{self.names['upload']}"], UPLOADED)
        self.assertEqual(self.download_evidence(), PDF)  # streamed from the bucket
        self.assertEqual(uploads.read(ImportDraft.objects.get(file_sha256__gt="")), UPLOADED)

        second = backup(self.tmp / "from-s3")
        self.assertEqual(
            sorted(f["sha256"] for f in second["files"]),
            sorted(f["sha256"] for f in first["files"]),
        )
        self.wipe_database()
        self.roots(self.tmp / "disk-2")
        restore(self.tmp / "from-s3")
        disk = self.tmp / "disk-2"
        self.assertEqual((disk / "evidence" / self.names["evidence"]).read_bytes(), PDF)
        self.assertEqual((disk / "reports" / self.names["report"]).read_bytes(), REPORT)
        self.assertEqual((disk / "uploads" / self.names["upload"]).read_bytes(), UPLOADED)
        self.assertEqual(self.download_evidence(), PDF)

    def test_files_only_moves_a_running_deployments_files_and_keeps_its_rows(self):
        call_command("backup", str(self.tmp / "b"), verbosity=0)
        self.use_s3()
        self.assertEqual(bucket_objects(), {})
        call_command("restore", str(self.tmp / "b"), "--files-only", verbosity=0)
        self.assertEqual(len(bucket_objects()), 3)
        self.assertEqual(self.download_evidence(), PDF)
        # tried again: the files already there with the right bytes are kept
        call_command("restore", str(self.tmp / "b"), "--files-only", verbosity=0)
        self.assertEqual(len(bucket_objects()), 3)

    def test_a_file_with_other_bytes_under_the_name_is_replaced_by_the_backups(self):
        backup(self.tmp / "b")
        self.use_s3()
        storage = Evidence._meta.get_field("file").storage
        storage.save(self.names["evidence"], ContentFile(b"stale bytes"))
        source = next((self.tmp / "b" / "files").rglob("*.pdf"))
        put_file(storage, self.names["evidence"], source, hashlib.sha256(PDF).hexdigest())
        self.assertEqual(bucket_objects()[f"evidence/{self.names['evidence']}"], PDF)

    def test_a_damaged_backup_file_is_refused_before_anything_is_written(self):
        backup(self.tmp / "b")
        next((self.tmp / "b" / "files").rglob("*.pdf")).write_bytes(b"%PDF-tampered")
        self.wipe_database()
        self.use_s3()
        with self.assertRaisesRegex(BackupError, "checksum"):
            restore(self.tmp / "b")
        self.assertEqual(bucket_objects(), {})


class StorageSettingsTestCase(SimpleTestCase):
    def test_local_folders_unless_a_bucket_is_named(self):
        entries = file_storages({})
        self.assertEqual(
            {k: v["OPTIONS"]["setting"] for k, v in entries.items()},
            {
                "default": "MEDIA_ROOT",
                "evidence": "PLANWATCH_EVIDENCE_ROOT",
                "reports": "PLANWATCH_REPORTS_ROOT",
                "uploads": "PLANWATCH_UPLOADS_ROOT",
            },
        )

    def test_a_bucket_behind_an_endpoint_gets_private_prefixes_and_path_style(self):
        env = {
            "PLANWATCH_S3_BUCKET": "pw",
            "PLANWATCH_S3_ENDPOINT_URL": "https://s3.example.ua",
            "PLANWATCH_S3_PREFIX": "/oblast/",
        }
        evidence = file_storages(env)["evidence"]
        self.assertEqual(evidence["BACKEND"], "storages.backends.s3.S3Storage")
        options = evidence["OPTIONS"]
        self.assertEqual(
            (options["bucket_name"], options["location"], options["addressing_style"]),
            ("pw", "oblast/evidence", "path"),
        )
        self.assertIsNone(options["default_acl"])  # private objects
        self.assertFalse(options["file_overwrite"])
