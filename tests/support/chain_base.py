"""The world of hand-overs and approvals: the monitoring world (oblast → district → two
communities) with coordinators at every level and the plan's summary duties. Helpers only."""

from __future__ import annotations

import io
import tempfile
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from planwatch.monitoring.models import DueRule, Duty, DutyFrequency, DutyKind
from planwatch.orgs.models import Role
from tests.support.factory import make_user
from tests.support.monitoring_base import MonitoringTestCase

MEDIA_DIR = tempfile.mkdtemp(prefix="planwatch-media-")

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n% signed by the head\n%%EOF\n"
# CMS signedData (DER): SEQUENCE, then the OID 1.2.840.113549.1.7.2, then the content.
P7S = bytes.fromhex("3082012c06092a864886f70d010702a082011d") + b"\x02\x01\x01" + bytes(280)


def asice(
    mimetype: bytes = b"application/vnd.etsi.asic-e+zip", signature: bool = True, bomb=False
) -> bytes:
    """An ASiC-E container; `bomb`: with a member of 8 MB of zeros (a few KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("Звіт.pdf", PDF)
        if signature:
            archive.writestr("META-INF/signatures0.xml", b"<XAdESSignatures/>")
        if bomb:
            archive.writestr("zeros.bin", b"0" * (8 * 1024 * 1024))
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@override_settings(MEDIA_ROOT=MEDIA_DIR)
class ChainTestCase(MonitoringTestCase):
    """`self.mplan` (community) with an annual summary to the head due 10 January and a
    quarterly coordinator's summary 35 days after the quarter; coordinators of the district
    (the community's upper level) and of the oblast (one further up)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.district_coordinator = make_user("district-coordinator", cls.district, Role.COORDINATOR)
        cls.oblast_coordinator = make_user("oblast-coordinator", cls.oblast, Role.COORDINATOR)
        cls.annual = Duty.objects.create(
            plan=cls.mplan,
            kind=DutyKind.SUMMARY_TO_HEAD,
            frequency=DutyFrequency.ANNUAL,
            due_rule=DueRule.FIXED_DATE,
            due_day=10,
            due_month=1,
            confirmed=True,
        )
        cls.quarterly = Duty.objects.create(
            plan=cls.mplan,
            kind=DutyKind.COORDINATOR_SUMMARY,
            frequency=DutyFrequency.QUARTERLY,
            due_rule=DueRule.DAYS_AFTER,
            due_days=35,
            confirmed=True,
        )

    def handovers_url(self, plan=None) -> str:
        return f"/monitoring/plans/{(plan or self.mplan).pk}/handover/"

    def approval_url(self, period: str = "2025-Q3", plan=None) -> str:
        return f"/monitoring/plans/{(plan or self.mplan).pk}/approval/?period={period}"
