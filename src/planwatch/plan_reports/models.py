"""A generated report document, kept so people can download it again; also the job queue.

A row in ``queued`` state is a job: `jobs.claim_next` moves it to ``running`` with a
conditional UPDATE (only one worker wins it), the worker writes `progress` as it goes and
leaves it ``done`` with its file or ``failed`` with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.plan_reports.render import FORMATS
from planwatch.plan_reports.storage import report_storage, report_upload_to
from planwatch.plans.models import Plan


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


FORMAT_CHOICES = [(key, f.label) for key, f in FORMATS.items()]


class ReportFile(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_files")
    period = models.CharField(_("period"), max_length=10)
    format = models.CharField(_("format"), max_length=5, choices=FORMAT_CHOICES)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(
        upload_to=report_upload_to, storage=report_storage, max_length=300, blank=True
    )
    size = models.PositiveIntegerField(default=0)
    made_on = models.DateField(_("as of"), null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # claims by a worker (lib.dbqueue)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["plan", "-created_at"])]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self) -> str:
        return f"plan {self.plan_id} {self.period} .{self.format} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def download_name(self) -> str:
        """ASCII, so every browser and mail client keeps it: "zvit-plan3-2025-Q3.docx"."""
        return f"zvit-plan{self.plan_id}-{self.period}.{self.format}"

    @property
    def content_type(self) -> str:
        return FORMATS[self.format].content_type
