"""Reminders sent: one row per e-mail, keyed so that the same reminder is never sent twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.plans.models import Plan


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Report due soon")
    AFTER = "after", _("Report overdue")
    DIGEST = "digest", _("Weekly digest")
    DEADLINE_SOON = "m_soon", _("Measure deadline soon")
    DEADLINE_PASSED = "m_late", _("Measure deadline passed")
    DECISION_OVERDUE = "dec_late", _("Meeting decision overdue")


class Reminder(models.Model):
    """`key` names the thing reminded about ("before:<plan>:<period>:<user>"); it is unique.

    The command inserts the row *before* sending (the insert is the claim: a second run at the
    same moment fails on the unique key and skips), and deletes it again if sending fails.
    """

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10, blank=True)
    items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return self.key
