"""A plan's reporting schedule: how often executors report and when it is due."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.monitoring.periods import ANNUAL, HALF_YEARLY, QUARTERLY, Period
from planwatch.plans.models import Plan


class Frequency(models.TextChoices):
    QUARTERLY = QUARTERLY, _("Quarterly")
    HALF_YEARLY = HALF_YEARLY, _("Half-yearly")
    ANNUAL = ANNUAL, _("Annual")


class PartnerPolicy(models.TextChoices):
    """Partners "за згодою" act by consent: their reports are welcome but cannot be demanded."""

    OPTIONAL = "optional", _("Welcome, not counted in completeness")
    REQUIRED = "required", _("Expected like any executor")
    NONE = "none", _("Not expected")


class ScheduleSource(models.TextChoices):
    DEFAULT = "default", _("Default")
    PLAN = "plan", _("Taken from the plan")
    MANUAL = "manual", _("Set by the coordinator")


class ReportingSchedule(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="reporting_schedule")
    frequency = models.CharField(
        _("reporting frequency"), max_length=20, choices=Frequency.choices, default=QUARTERLY
    )
    executor_due_days = models.PositiveSmallIntegerField(
        _("executors report within (days after the period ends)"), default=20
    )
    summary_due_days = models.PositiveSmallIntegerField(
        _("coordinator's summary within (days after the period ends)"), default=35
    )
    partners = models.CharField(
        _("partners “за згодою”"),
        max_length=20,
        choices=PartnerPolicy.choices,
        default=PartnerPolicy.OPTIONAL,
    )
    remind_before_days = models.PositiveSmallIntegerField(
        _("remind executors (days before the due date)"), default=5
    )
    source = models.CharField(max_length=20, choices=ScheduleSource.choices, default="default")
    source_note = models.TextField(blank=True)
    # The reminder command's queue: a run claims a schedule by moving these dates forward with
    # a conditional UPDATE (optimistic lock), so two runs at once never both process it.
    next_reminder_date = models.DateField(null=True, blank=True, db_index=True)
    next_digest_date = models.DateField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.get_frequency_display()}"

    def due_date(self, period: Period) -> dt.date:
        return period.end + dt.timedelta(days=self.executor_due_days)

    def summary_date(self, period: Period) -> dt.date:
        return period.end + dt.timedelta(days=self.summary_due_days)
