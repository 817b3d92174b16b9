"""The numbers of a report beside its narrative: a value per indicator (and per category of
its breakdown) and the money spent per funding source, all Decimal.

Shown and saved with the report form on the report page (`views/reports.py`): the view
validates both, `workflow.save_report` calls `NumbersForm.save(report)` in the same
transaction and under the same version claim as the narrative.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from planwatch.lib.widgets import FastTextInput
from planwatch.monitoring.indicators import plain, to_decimal
from planwatch.monitoring.models import ExecutionReport, Indicator, IndicatorValue, Spending
from planwatch.monitoring.spending import UNIT, source_choices

MAX_CATEGORIES = 12


class NumberField(forms.DecimalField):
    """A Decimal typed the Ukrainian way too: "1 250,5", "1\u00a0250,5", "1250,50", "1250.5"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace(",", ".")
        return super().to_python(value)


def _number(label, help_text="") -> forms.DecimalField:
    return NumberField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=Decimal(0),
        max_digits=18,
        decimal_places=3,
        localize=True,
        widget=FastTextInput(attrs={"inputmode": "decimal", "size": 10}),
    )


class NumbersForm(forms.Form):
    prefix = "n"

    def __init__(self, *args, indicators=(), funding=None, report=None, saved=None, **kwargs):
        """`saved`: the report's (values, spending) as `saved_numbers` reads them, when the
        caller read many reports' at once; otherwise they are read here."""
        self.indicators: list[Indicator] = list(indicators)
        saved_values, saved_spending = saved if saved is not None else _saved(report)
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

    def is_blank(self) -> bool:
        """Nothing typed in any number field."""
        return not self.is_bound or not any(
            str(self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields
        )

    def is_edited(self) -> bool:
        """A number typed differs from the saved one ("1 250,5" equals a saved 1250.5)."""
        if not self.is_bound:
            return False
        for name, field in self.fields.items():
            if self.add_prefix(name) not in self.data:
                continue  # not on the page that posted: left as it is (see `save`)
            try:
                typed = field.to_python(self.data.get(self.add_prefix(name)))
            except forms.ValidationError:
                return True
            if typed != to_decimal(self.initial.get(name)):
                return True
        return False

    def fill(self, values: list[dict] | None, spending: list[dict] | None) -> dict[str, list]:
        """Bind the form to numbers given as items (the API): `values` [{indicator, category,
        value}] replaces every value of the measure's indicators, `spending` [{source,
        amount}] every amount; None leaves that part alone. Returns the items' errors."""
        data: dict[str, str] = {}
        errors: dict[str, list] = {}
        if values is not None:
            data.update({self.add_prefix(n): "" for n in self.fields if n.startswith("i")})
            for item in values:
                categories = self._categories(item["indicator"])
                name = _value_name(item["indicator"], item.get("category") or "", categories)
                problem = _numbers_problem(name, data, self.add_prefix, self.fields)
                if problem:
                    errors.setdefault("indicator_values", []).append(
                        problem % {"what": f"{item['indicator']} «{item.get('category') or ''}»"}
                    )
                    continue
                data[self.add_prefix(name)] = str(item["value"])
        if spending is not None:
            data.update({self.add_prefix(n): "" for n in self.fields if n.startswith("s_")})
            for item in spending:
                name = f"s_{item['source']}"
                problem = _numbers_problem(name, data, self.add_prefix, self.fields)
                if problem:
                    errors.setdefault("spending", []).append(problem % {"what": item["source"]})
                    continue
                data[self.add_prefix(name)] = str(item["amount"])
        self.data, self.is_bound = data, True
        self._errors = None
        return errors

    def saved_by_field(self, report: ExecutionReport | None) -> dict:
        """{field name: Decimal or None} of what `report` holds now, for the conflict view."""
        values, spending = _saved(report)
        out = {name: None for name in self.fields}
        for (indicator_id, category), value in values.items():
            name = _value_name(indicator_id, category, self._categories(indicator_id))
            if name in out:
                out[name] = value
        for source, amount in spending.items():
            if f"s_{source}" in out:
                out[f"s_{source}"] = amount
        return out

    def save(self, report: ExecutionReport) -> None:
        """Replace the report's numbers with those typed (an empty field removes its number;
        a field the page or file did not send at all leaves its number alone)."""
        data = self.cleaned_data
        sent = {n for n in self.fields if not self.is_bound or self.add_prefix(n) in self.data}
        gone, values = Q(pk__in=[]), []
        for ind in self.indicators:
            categories = list(ind.categories[:MAX_CATEGORIES])
            for category in ["", *categories]:
                name = _value_name(ind.pk, category, categories)
                if name not in sent:
                    continue
                gone |= Q(indicator=ind, category=category)
                if data.get(name) is not None:
                    values.append(
                        IndicatorValue(
                            report=report, indicator=ind, category=category, value=data[name]
                        )
                    )
        IndicatorValue.objects.filter(gone, report=report).delete()
        IndicatorValue.objects.bulk_create(values)
        sources = [s for s in self.sources if f"s_{s}" in sent]
        Spending.objects.filter(report=report, source__in=sources).delete()
        Spending.objects.bulk_create(
            Spending(report=report, source=s, amount=data[f"s_{s}"])
            for s in sources
            if data.get(f"s_{s}") is not None
        )


def _numbers_problem(name: str, data: dict, add_prefix, fields) -> str:
    if name not in fields:
        return str(_("%(what)s: not one of the numbers this report asks for."))
    if data.get(add_prefix(name)):
        return str(_("%(what)s: given twice."))
    return ""


def _value_name(indicator_id: int, category: str, categories: list[str]) -> str:
    if not category:
        return f"i{indicator_id}"
    return f"i{indicator_id}_c{categories.index(category)}" if category in categories else ""


def indicators_by_measure(measure_ids) -> dict[int, list[Indicator]]:
    """{measure id: its indicators in order} in one query (many cards or rows at once)."""
    out: dict[int, list[Indicator]] = {}
    for ind in Indicator.objects.filter(measure__in=measure_ids).order_by("position", "pk"):
        out.setdefault(ind.measure_id, []).append(ind)
    return out


def saved_numbers(reports: list[ExecutionReport]) -> dict[int, tuple[dict, dict]]:
    """{report id: (values, spending)} for many reports in two queries (the cards page)."""
    out: dict[int, tuple[dict, dict]] = {r.pk: ({}, {}) for r in reports if r.pk}
    for v in IndicatorValue.objects.filter(report__in=list(out)):
        out[v.report_id][0][(v.indicator_id, v.category)] = v.value
    for s in Spending.objects.filter(report__in=list(out)):
        out[s.report_id][1][s.source] = s.amount
    return out


def _saved(report: ExecutionReport | None) -> tuple[dict, dict]:
    if report is None or not report.pk:
        return {}, {}
    values = {
        (v.indicator_id, v.category): v.value for v in IndicatorValue.objects.filter(report=report)
    }
    spending = {s.source: s.amount for s in Spending.objects.filter(report=report)}
    return values, spending
