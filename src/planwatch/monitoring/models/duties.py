"""A plan's duties: who reports what, how often, and by when (one plan has several).

Read from the plan (`duty_rules`, `duties.sync_duties`) or, where it says nothing, the
schedule's executors' reports; a coordinator confirms, edits, adds or deletes them.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.monitoring import duty_rules as rules
from planwatch.monitoring.periods import Period
from planwatch.orgs.models import Organization
from planwatch.plans.models import Plan


class DutyKind(models.TextChoices):
    EXECUTOR_REPORTS = rules.EXECUTOR_REPORTS, _("Executors' reports")
    COORDINATOR_SUMMARY = rules.COORDINATOR_SUMMARY, _("Coordinator's summary")
    SUMMARY_TO_HEAD = rules.SUMMARY_TO_HEAD, _("Annual report to the head")
    WORKING_GROUP = rules.WORKING_GROUP, _("Working group meeting")
    OTHER = "other", _("Other")


class DutyFrequency(models.TextChoices):
    MONTHLY = rules.MONTHLY, _("Monthly")
    QUARTERLY = rules.QUARTERLY, _("Quarterly")
    HALF_YEARLY = rules.HALF_YEARLY, _("Half-yearly")
    ANNUAL = rules.ANNUAL, _("Annual")


class DueRule(models.TextChoices):
    DAYS_AFTER = rules.DAYS_AFTER, _("N days after the period ends")
    FIXED_DATE = rules.FIXED_DATE, _("a fixed day and month after the period")
    DAY_OF_NEXT_MONTH = rules.DAY_OF_NEXT_MONTH, _("day N of the month after the period")


SUMMARY_KINDS = (DutyKind.COORDINATOR_SUMMARY, DutyKind.SUMMARY_TO_HEAD)


class Duty(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField(_("duty"), max_length=30, choices=DutyKind.choices)
    frequency = models.CharField(_("frequency"), max_length=20, choices=DutyFrequency.choices)
    due_rule = models.CharField(_("due"), max_length=20, choices=DueRule.choices)
    due_days = models.PositiveSmallIntegerField(_("days after the period"), null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    # Who owes it: an organisation, else the words of the plan, else the plan's executors.
    responsible = models.ForeignKey(
        Organization,
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_name = models.CharField(
        _("responsible (as the plan says)"), max_length=300, blank=True
    )
    source_text = models.TextField(_("read from"), blank=True)
    from_plan = models.BooleanField(default=False)
    confirmed = models.BooleanField(_("confirmed by a person"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.get_kind_display()} ({self.get_frequency_display()})"

    @property
    def responsible_label(self) -> str:
        if self.responsible_id:
            return self.responsible.name
        return self.responsible_name or str(_("executors of the plan"))

    def due_date(self, period: Period) -> dt.date:
        """The day this duty is due for `period` (see DueRule)."""
        end = period.end
        if self.due_rule == DueRule.FIXED_DATE and self.due_day and self.due_month:
            return next_day_month(end, self.due_day, self.due_month)
        if self.due_rule == DueRule.DAY_OF_NEXT_MONTH and self.due_day:
            first = end + dt.timedelta(days=1)
            return clamp_day(first.year, first.month, self.due_day)
        return end + dt.timedelta(days=self.due_days or 0)


def clamp_day(year: int, month: int, day: int) -> dt.date:
    """day of that month, or its last day (31 → 30 June)."""
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return min(dt.date(year, month, 1) + dt.timedelta(days=day - 1), nxt - dt.timedelta(days=1))


def next_day_month(after: dt.date, day: int, month: int) -> dt.date:
    """The first `day`.`month` after the date `after` (10 January after 31.12.2025 → 2026)."""
    for year in (after.year, after.year + 1):
        candidate = clamp_day(year, month, day)
        if candidate > after:
            return candidate
    return clamp_day(after.year + 1, month, day)
