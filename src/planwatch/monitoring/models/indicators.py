"""The indicator framework and money spent: what a measure promises in numbers, and what its
executors report against it each period.

`Indicator` (one per numeric promise of a measure: unit, baseline, a target per year and for
the plan's end, the categories its values are broken down by) is prefilled from the targets
the importer read in the indicator cell (`monitoring/indicators.py`) and confirmed by a
coordinator. `IndicatorValue` is a number an executor reported for a period (one per category,
`category=""` being the total); `Spending` is money spent in a period from one funding source.
Every number is a Decimal: never a float (percentages and hryvnias add up exactly).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.monitoring.models.reports import ExecutionReport
from planwatch.plans.models import Measure


class IndicatorKind(models.TextChoices):
    """How one indicator's period values make its running total (the cumulative figure)."""

    # "створено 12 прийомних сімей" this quarter: the periods add up
    COUNT = "count", _("Added up over periods (a count of what was done)")
    # "охоплено 85 % новонароджених" at the end of the quarter: the latest period stands
    LEVEL = "level", _("Latest period stands (a level, a percentage)")


class Indicator(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField(_("indicator"))
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    kind = models.CharField(
        _("how periods combine"),
        max_length=10,
        choices=IndicatorKind.choices,
        default=IndicatorKind.COUNT,
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    # {"2025": "40", "2026": "115"}: decimal strings, the cumulative target by the year's end
    yearly_targets = models.JSONField(default=dict, blank=True)
    end_target = models.DecimalField(
        _("target by the plan's end"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # ["вік: 0–5 років", "вік: 6–17 років", "стать: дівчата", "діти з інвалідністю"]: the
    # categories values are broken down by; "<dimension>: " groups those that split the total
    categories = models.JSONField(default=list, blank=True)
    # the parsed target this was prefilled from: {"value": 115, "unit": "…", "text": "…"}
    parsed = models.JSONField(default=dict, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["measure", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name[:80]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class IndicatorValue(models.Model):
    """An executor's number for one indicator in one period's report (`category=""`: total)."""

    report = models.ForeignKey(
        ExecutionReport, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    category = models.CharField(max_length=100, blank=True, default="")
    value = models.DecimalField(max_digits=18, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "category"], name="unique_indicator_value"
            )
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.category}: {self.value}" if self.category else str(self.value)


class Spending(models.Model):
    """Money spent on the measure in the report's period from one source, in тис. грн
    (the unit municipal programmes plan in; `monitoring/spending.py` converts the plan's)."""

    report = models.ForeignKey(ExecutionReport, on_delete=models.CASCADE, related_name="spending")
    # a funding-source code of importer.normalize.funding.SOURCES, "" when not said
    source = models.CharField(_("funding source"), max_length=30, blank=True, default="")
    amount = models.DecimalField(_("spent, thousand UAH"), max_digits=18, decimal_places=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "source"], name="unique_spending_source")
        ]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")

    def __str__(self) -> str:
        return str(self.amount)
