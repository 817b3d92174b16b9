"""An upload under review. Nothing becomes a Plan until the coordinator publishes it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from planwatch.plans.uploads import delete_later, upload_storage, upload_to


class DraftStatus(models.TextChoices):
    PENDING = "pending", _("Under review")
    PUBLISHED = "published", _("Published")
    DISCARDED = "discarded", _("Discarded")


class ParseStatus(models.TextChoices):
    """Most uploads parse inside the request; a scanned PDF is OCR'd by the job worker."""

    READY = "ready", _("Ready for review")
    QUEUED = "queued", _("Waiting to be read")
    RUNNING = "running", _("Being read")
    FAILED = "failed", _("Could not be read")


class ImportDraft(models.Model):
    owner = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("owner organisation"),
        on_delete=models.CASCADE,
        related_name="import_drafts",
    )
    # Set when the upload amends an existing plan: publish adds a revision to it.
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("amends plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    # The uploaded bytes live in the "uploads" storage (plans/uploads.py), checked against
    # file_sha256 on every read; emptied when the draft is discarded, kept when published.
    file = models.FileField(
        upload_to=upload_to,
        storage=upload_storage,
        max_length=300,
        blank=True,
        verbose_name=_("uploaded file"),
    )
    file_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("SHA-256 checksum"))
    # The parsed planwatch-plan/1 document; the review page edits it in place.
    document = models.JSONField(verbose_name=_("document"))
    # importer organisation id → Organization pk, or "new" to create one on publish.
    executor_map = models.JSONField(default=dict, blank=True, verbose_name=_("executor map"))
    status = models.CharField(
        max_length=20,
        choices=DraftStatus.choices,
        default=DraftStatus.PENDING,
        verbose_name=_("status"),
    )
    parse_status = models.CharField(
        max_length=10,
        choices=ParseStatus.choices,
        default=ParseStatus.READY,
        db_index=True,
        verbose_name=_("parse status"),
    )
    parse_progress = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("parse progress")
    )  # percent, while running
    parse_step = models.CharField(
        max_length=200, blank=True, verbose_name=_("parse step")
    )  # "OCR page 3", for the person
    parse_error = models.TextField(blank=True, verbose_name=_("parse error"))
    parse_started_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("parse started at")
    )
    # Times a worker claimed it: a file that keeps killing its worker fails after a few.
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    # Source line / table row → its text, kept from the one read of the file, so the review
    # page never reads (or OCRs) the file again.
    source_rows = models.JSONField(default=dict, blank=True, verbose_name=_("source rows"))
    published_revision = models.ForeignKey(
        "plans.PlanRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published revision"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import draft")
        verbose_name_plural = _("import drafts")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_pending(self) -> bool:
        return self.status == DraftStatus.PENDING

    @property
    def is_ready(self) -> bool:
        return self.parse_status == ParseStatus.READY


@receiver(post_delete, sender=ImportDraft, dispatch_uid="plans.draft_file")
def _delete_file(sender, instance: ImportDraft, **kwargs) -> None:
    """A deleted draft (a failed import, its plan or owner deleted) leaves no file behind."""
    if instance.file:
        delete_later(instance.file.name)


class DraftChange(models.Model):
    """One edit of a draft under review, with the draft as it was before it, so the edit can be
    undone (the newest first, repeatedly). Whole snapshots rather than diffs: a plan is a few
    hundred kB at most and an undo must give back exactly what was there."""

    draft = models.ForeignKey(ImportDraft, on_delete=models.CASCADE, related_name="changes")
    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=40)
    label = models.CharField(max_length=300, blank=True)  # what was changed, for the person
    document = models.JSONField()
    executor_map = models.JSONField(default=dict, blank=True)
    source_rows = models.JSONField(null=True, blank=True)  # only when the edit re-read the file

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("draft change")
        verbose_name_plural = _("draft changes")

    def __str__(self) -> str:
        return f"{self.action} {self.label}"
