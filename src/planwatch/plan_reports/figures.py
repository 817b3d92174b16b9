"""The report's indicators and funding: tables of strings the three formats print alike.

- **Indicators** (`monitoring/indicators.py` rules): per indicator of the plan's current
  revision its baseline, the target for the report's last year and by the plan's end, the
  value of each period inside the report period (accepted reports) with the running total,
  and the share of the target. A count adds up over periods from its baseline; a level (a
  percentage) is its latest value; co-executors' different values: the largest.
- **Funding** (`monitoring/spending.py` rules): planned in the plan for the years the period
  spans against spent in accepted reports of the period, per year and source, in тис. грн,
  summed as Decimal, with the share spent.
Four queries whatever the plan's size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from planwatch.monitoring.indicators import Progress, plan_progress
from planwatch.monitoring.models import IndicatorKind
from planwatch.monitoring.periods import Period
from planwatch.monitoring.spending import UNIT, Money, plan_money
from planwatch.plans.templatetags.planwatch import funding_label

MAX_CHART_INDICATORS = 15


def num(value: Decimal | None, places: int = 4) -> str:
    """A Decimal as the document prints it: "1 250,5" (no trailing zeros), "—" for none."""
    if value is None:
        return "—"
    value = value.quantize(Decimal(1).scaleb(-places)).normalize()
    text = format(value, "f")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(value, decimals, use_l10n=True, force_grouping=True).replace("\xa0", " ")


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{num(value, 1)} %"


@dataclass
class DocFigures:
    indicator_headers: list[str] = field(default_factory=list)
    indicator_rows: list[list[str]] = field(default_factory=list)
    indicator_notes: list[str] = field(default_factory=list)  # how combined, warnings
    # (label, share of the target in %) for the chart, counts and levels alike
    indicator_shares: list[tuple[str, float]] = field(default_factory=list)
    money_headers: list[str] = field(default_factory=list)
    money_rows: list[list[str]] = field(default_factory=list)
    money_total: list[str] = field(default_factory=list)
    # the same rows with Decimal figures (the workbook writes numbers)
    money_values: list[list] = field(default_factory=list)
    # (label, planned, spent) per year (all sources) for the chart
    money_bars: list[tuple[str, float, float]] = field(default_factory=list)
    money_sentence: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.indicator_rows and not self.money_rows


def build_figures(plan, period, today: dt.date) -> DocFigures:
    progress = plan_progress(plan, period_end=period.end)
    money = plan_money(plan, start=period.start, end=period.end)
    out = DocFigures()
    _indicators(out, progress, period)
    _money(out, money, period)
    return out


def _indicators(out: DocFigures, items: list[Progress], period) -> None:
    out.indicator_headers = [
        _("No."),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Target"),
        _("Actual by period (running total)"),
        _("Running total"),
        _("% of target"),
    ]
    for p in items:
        ind = p.indicator
        inside = [v for v in p.periods if period.start <= Period.parse(v.period).start]
        year_target = p.periods[-1].target if p.periods else ind.end_target
        baseline = num(ind.baseline_value)
        if ind.baseline_year and ind.baseline_value is not None:
            baseline += f" ({ind.baseline_year})"
        target = num(year_target)
        if ind.end_target is not None and ind.end_target != year_target:
            target += " / " + _("%(v)s by the plan's end") % {"v": num(ind.end_target)}
        actual = "; ".join(
            f"{Period.parse(v.period).title}: {num(v.value)} ({num(v.cumulative)})"
            + _categories(v.categories)
            for v in inside
        )
        latest = p.periods[-1] if p.periods else None
        out.indicator_rows.append(
            [
                ind.measure.number,
                ind.name + ("" if ind.is_confirmed else " " + _("(not confirmed)")),
                ind.unit,
                baseline,
                target,
                actual or "—",
                num(latest.cumulative) if latest else "—",
                pct(latest.share) if latest else "—",
            ]
        )
        for warning in p.warnings:
            out.indicator_notes.append(f"{ind.measure.number} {ind.name[:60]}: {warning}")
        if latest and latest.share is not None:
            label = f"{ind.measure.number} {ind.name}"
            out.indicator_shares.append((label, float(latest.share)))
    out.indicator_shares = out.indicator_shares[:MAX_CHART_INDICATORS]
    if items:
        out.indicator_notes.insert(0, how_combined_sentence(items))


def how_combined_sentence(items: list[Progress]) -> str:
    counts = sum(1 for p in items if p.indicator.kind == IndicatorKind.COUNT)
    return _(
        "How the figures are combined: a count (%(c)s) adds up its periods' values from the "
        "baseline; a level or percentage (%(l)s) is its latest period's value; where "
        "co-executors report different values the largest counts, never their sum. "
        "Percentages are never added or averaged."
    ) % {"c": counts, "l": len(items) - counts}


def _categories(categories: dict) -> str:
    if not categories:
        return ""
    return " [" + ", ".join(f"{k}: {num(v)}" for k, v in categories.items()) + "]"


def _money(out: DocFigures, money: Money, period) -> None:
    out.money_headers = [
        _("Year"),
        _("Funding source"),
        _("Planned, %(unit)s") % {"unit": UNIT},
        _("Spent, %(unit)s") % {"unit": UNIT},
        _("Share spent"),
    ]
    for r in money.rows:
        source = _("all sources") if r.is_total else funding_label(r.source)
        year = str(r.year) if r.year else _("year not given")
        out.money_rows.append([year, source, num(r.planned, 3), num(r.spent, 3), pct(r.share)])
        out.money_values.append([year, source, r.planned, r.spent, r.share])
    if money.rows:
        out.money_total = [
            _("Total"),
            "",
            num(money.planned, 3),
            num(money.spent, 3),
            pct(money.share),
        ]
        out.money_values.append([_("Total"), "", money.planned, money.spent, money.share])
        out.money_sentence = _(
            "Planned (%(period)s): %(p)s %(unit)s; spent (accepted reports): %(s)s %(unit)s "
            "(%(share)s). Amounts in hryvnias and millions are converted to thousands; "
            "co-executors' spending adds up."
        ) % {
            "period": period.title,
            "p": num(money.planned, 3),
            "s": num(money.spent, 3),
            "unit": UNIT,
            "share": pct(money.share),
        }
    years: dict = {}
    for r in money.rows:
        if not r.is_total:
            planned, spent = years.get(r.year, (0.0, 0.0))
            years[r.year] = (planned + float(r.planned), spent + float(r.spent))
    out.money_bars = [
        (str(y) if y else "—", planned, spent) for y, (planned, spent) in years.items()
    ]
