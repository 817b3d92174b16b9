"""Hand-over of a summary: prepared → signed (the signed file kept untouched) → sent/registered.

One row per plan, summary duty and period (`handover.py` has the rules). The signed file is
whatever the head signed — a PDF, or a КЕП container (.p7s, .asice) — stored byte for byte
through Django's default storage with its sha256 and size, beside the generated document it
was prepared from (`reports.ReportFile`, when one was chosen).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.monitoring.models.duties import Duty
from planwatch.plans.models import Plan


class HandoverState(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    SIGNED = "signed", _("Signed")
    SENT = "sent", _("Sent and registered")


def signed_upload_to(instance: Handover, filename: str) -> str:
    """A random name under the plan's folder; the original name is kept in the row."""
    return f"handover/{instance.plan_id}/{uuid.uuid4().hex}.{instance.signed_kind or 'bin'}"


class Handover(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="handovers")
    # A deleted duty leaves the record (an official letter was sent): kind and due stay here.
    duty = models.ForeignKey(
        Duty, null=True, blank=True, on_delete=models.SET_NULL, related_name="handovers"
    )
    kind = models.CharField(_("duty"), max_length=30)
    period = models.CharField(_("period"), max_length=10)
    due_date = models.DateField(_("due"))
    state = models.CharField(max_length=20, choices=HandoverState.choices)
    document = models.ForeignKey(
        "reports.ReportFile",
        verbose_name=_("generated document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    signed_file = models.FileField(upload_to=signed_upload_to, max_length=300, blank=True)
    signed_name = models.CharField(_("file name"), max_length=200, blank=True)
    signed_kind = models.CharField(max_length=10, blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    signed_size = models.PositiveIntegerField(default=0)
    outgoing_number = models.CharField(_("outgoing number"), max_length=60, blank=True)
    outgoing_date = models.DateField(_("outgoing date"), null=True, blank=True)
    addressee = models.CharField(_("addressee"), max_length=300, blank=True)
    prepared_at = models.DateTimeField(default=timezone.now)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["plan", "due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["duty", "period"], name="unique_handover_per_duty")
        ]
        indexes = [models.Index(fields=["plan", "period"])]
        verbose_name = _("hand-over of a summary")
        verbose_name_plural = _("hand-overs of summaries")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} {self.period}: {self.state}"


class HandoverEvent(models.Model):
    """Who moved the hand-over and when (each step once; the row keeps the latest values).

    A correction (a wrong outgoing number, date or addressee; a wrong signed file) is an
    event too, with its reason and the old values in `note`; a replaced signed file stays in
    storage (`kept_file`), since it may be what was sent."""

    class Action(models.TextChoices):
        PREPARED = HandoverState.PREPARED.value, HandoverState.PREPARED.label
        SIGNED = HandoverState.SIGNED.value, HandoverState.SIGNED.label
        SENT = HandoverState.SENT.value, HandoverState.SENT.label
        FILE_REPLACED = "file_replaced", _("Signed file replaced")
        CORRECTED = "corrected", _("Registration corrected")

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    reason = models.TextField(_("reason"), blank=True)
    kept_file = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("hand-over event")
        verbose_name_plural = _("hand-over events")

    def __str__(self) -> str:
        return str(self.get_action_display())
