"""The numbers of a report beside its narrative: a value per indicator (and per category of
its breakdown) and the money spent per funding source, all Decimal.

Shown and saved with the report form on the report page (`views/reports.py`): the view
validates both, `workflow.save_report` calls `NumbersForm.save(report)` in the same
transaction and under the same version claim as the narrative.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.monitoring.indicators import plain
from planwatch.monitoring.models import ExecutionReport, Indicator, IndicatorValue, Spending
from planwatch.monitoring.spending import UNIT, source_choices

MAX_CATEGORIES = 12


def _number(label, help_text="") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=Decimal(0),
        max_digits=18,
        decimal_places=3,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
    )


class NumbersForm(forms.Form):
    prefix = "n"

    def __init__(self, *args, indicators=(), funding=None, report=None, **kwargs):
        self.indicators: list[Indicator] = list(indicators)
        saved_values, saved_spending = _saved(report)
        self.sources = source_choices(funding, saved_spending)
        initial = kwargs.pop("initial", None) or {}
        for (indicator_id, category), value in saved_values.items():
            initial[_value_name(indicator_id, category, self._categories(indicator_id))] = plain(
                value
            )
        for source, amount in saved_spending.items():
            initial[f"s_{source}"] = plain(amount)
        super().__init__(*args, initial=initial, **kwargs)
        for ind in self.indicators:
            unit = f", {ind.unit}" if ind.unit else ""
            self.fields[f"i{ind.pk}"] = _number(
                _("Reached in this period%(unit)s") % {"unit": unit}
            )
            for index, category in enumerate(ind.categories[:MAX_CATEGORIES]):
                self.fields[f"i{ind.pk}_c{index}"] = _number(category)
        from planwatch.plans.templatetags.planwatch import FUNDING

        for source in self.sources:
            self.fields[f"s_{source}"] = _number(
                _("Spent from %(source)s, %(unit)s") % {"source": FUNDING[source], "unit": UNIT}
            )

    def _categories(self, indicator_id: int) -> list[str]:
        for ind in self.indicators:
            if ind.pk == indicator_id:
                return list(ind.categories[:MAX_CATEGORIES])
        return []

    def groups(self) -> list[tuple[Indicator, object, list]]:
        """(indicator, its total field, its category fields) for the template."""
        return [
            (
                ind,
                self[f"i{ind.pk}"],
                [self[f"i{ind.pk}_c{i}"] for i in range(len(ind.categories[:MAX_CATEGORIES]))],
            )
            for ind in self.indicators
        ]

    def spending_fields(self) -> list:
        return [self[f"s_{s}"] for s in self.sources]

    def has_fields(self) -> bool:
        return bool(self.fields)

    def save(self, report: ExecutionReport) -> None:
        """Replace the report's numbers with those typed (empty fields remove theirs)."""
        data = self.cleaned_data
        values = []
        for ind in self.indicators:
            categories = [""] + list(ind.categories[:MAX_CATEGORIES])
            for category in categories:
                value = data.get(_value_name(ind.pk, category, categories[1:]))
                if value is not None:
                    values.append(
                        IndicatorValue(report=report, indicator=ind, category=category, value=value)
                    )
        IndicatorValue.objects.filter(
            report=report, indicator__in=[i.pk for i in self.indicators]
        ).delete()
        IndicatorValue.objects.bulk_create(values)
        spent = [
            Spending(report=report, source=s, amount=data[f"s_{s}"])
            for s in self.sources
            if data.get(f"s_{s}") is not None
        ]
        Spending.objects.filter(report=report, source__in=self.sources).delete()
        Spending.objects.bulk_create(spent)


def _value_name(indicator_id: int, category: str, categories: list[str]) -> str:
    if not category:
        return f"i{indicator_id}"
    return f"i{indicator_id}_c{categories.index(category)}" if category in categories else ""


def _saved(report: ExecutionReport | None) -> tuple[dict, dict]:
    if report is None or not report.pk:
        return {}, {}
    values = {
        (v.indicator_id, v.category): v.value for v in IndicatorValue.objects.filter(report=report)
    }
    spending = {s.source: s.amount for s in Spending.objects.filter(report=report)}
    return values, spending
