"""Approval up the chain (as DHIS2 approves per organisation unit and period): a plan's
period summary submitted by its own body, accepted or returned by the body directly above.

No row = not submitted. submitted → accepted | returned (comment); accepted → reopened
(reason); returned / reopened → submitted again. An accepted period locks the execution
reports of the plan inside it (`approvals.py`). Every step writes an `ApprovalEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.orgs.models import Organization
from planwatch.plans.models import Plan


class ApprovalState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted to the upper level")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted by the upper level")
    REOPENED = "reopened", _("Reopened")


class Approval(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="approvals")
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    # The body that decides: the nearest district / oblast / city above the plan's own body,
    # fixed at submission (a later re-parenting does not move a pending decision).
    parent = models.ForeignKey(
        Organization, null=True, on_delete=models.SET_NULL, related_name="approvals_to_decide"
    )
    state = models.CharField(max_length=20, choices=ApprovalState.choices)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["plan", "period_end", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="unique_approval_per_period")
        ]
        indexes = [models.Index(fields=["parent", "state"])]
        verbose_name = _("approval of a period")
        verbose_name_plural = _("approvals of periods")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period}: {self.state}"


class ApprovalEvent(models.Model):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted to the upper level")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned for changes")
        REOPENED = "reopened", _("reopened")

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")

    def __str__(self) -> str:
        return str(self.get_action_display())
