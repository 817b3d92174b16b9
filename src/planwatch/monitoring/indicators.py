"""The indicator framework's rules: prefill from the plan's text, progress, implausible values.

- **Prefill.** Each numeric target the importer read in a measure's indicator cell
  (`Measure.indicator["targets"]`) becomes an unconfirmed `Indicator`: its clause as the name,
  its unit, its number as the target by the plan's end; a percentage is a *level*. A
  coordinator edits and confirms it on the measure's indicator page. A new revision takes the
  indicators of the measure it continues (`Measure.previous`) with their values.
- **Running total.** A *count* ("створено 12 прийомних сімей" this quarter) adds up: the
  baseline (0 when none) plus every period's value. A *level* ("охоплено 85 %") is the latest
  period's value. Targets (per year, by the plan's end) are stated in the same terms and are
  compared with that running total.
- **Co-executors** report on the same indicator: a period's value is the largest of theirs,
  never their sum (adding would count the same families twice).
- **A period's value** is the total typed, else the sum of one breakdown's categories.
- **Implausible values** are kept and flagged: negative, a percentage over 100, more than
  three times the target, a breakdown adding up to more than its total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from planwatch.monitoring.models import (
    ExpectedReport,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    ReportState,
)
from planwatch.monitoring.periods import Period
from planwatch.plans.models import Measure

PERCENT_UNITS = {"%", "відсотків", "відсотки", "відсоток", "відсотка"}
FAR_OVER = Decimal(3)  # a running total above 3× its target is flagged
HUNDRED = Decimal(100)
MAX_INDICATORS = 10  # per measure, as the report form's numbers before


def is_percent(unit: str) -> bool:
    return unit_key(unit) in PERCENT_UNITS


def unit_key(unit: str) -> str:
    """Units compared case- and space-insensitively ("прийомних сімей" ≠ "прийомні сім'ї")."""
    return " ".join(str(unit or "").split()).casefold()


def to_decimal(value) -> Decimal | None:
    """A JSON number or decimal string → Decimal (floats via their shortest repr)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        return None


def plain(value: Decimal | None) -> str:
    """A Decimal as people write it: no exponent, no trailing zeros ("115", "12.5")."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


# ---- prefill -----------------------------------------------------------------------------


def proposals(measure_indicator: dict) -> list[dict]:
    """The parsed targets of an indicator cell as indicator fields (not saved)."""
    out = []
    for target in (measure_indicator or {}).get("targets") or []:
        if not isinstance(target, dict):
            continue
        value = to_decimal(target.get("value"))
        unit = " ".join(str(target.get("unit") or "").split())[:100]
        out.append(
            {
                "name": str(target.get("text") or "").strip() or f"{plain(value)} {unit}",
                "unit": unit,
                "kind": IndicatorKind.LEVEL if is_percent(unit) else IndicatorKind.COUNT,
                "end_target": value,
                "parsed": {k: target.get(k) for k in ("value", "unit", "text")},
            }
        )
    return out[:MAX_INDICATORS]


def sync_indicators(plan) -> int:
    """Give every measure of the plan's current revision its indicators: those of the measure
    it continues, else unconfirmed proposals from its parsed targets. Measures that have
    indicators keep them. Returns how many were created. A fixed number of queries."""
    if not plan.current_revision_id:
        return 0
    measures = list(
        Measure.objects.filter(revision_id=plan.current_revision_id).values(
            "id", "previous_id", "indicator"
        )
    )
    ids = [m["id"] for m in measures]
    previous = [m["previous_id"] for m in measures if m["previous_id"]]
    having = set(
        Indicator.objects.filter(measure_id__in=ids + previous).values_list("measure_id", flat=True)
    )
    new = []
    for m in measures:
        if m["id"] in having:
            continue
        if m["previous_id"] in having:  # follows its measure, values and confirmation too
            Indicator.objects.filter(measure_id=m["previous_id"]).update(measure_id=m["id"])
            continue
        for position, fields in enumerate(proposals(m["indicator"])):
            new.append(Indicator(measure_id=m["id"], position=position, **fields))
    Indicator.objects.bulk_create(new)
    return len(new)


# ---- progress ----------------------------------------------------------------------------


@dataclass
class PeriodValue:
    period: str
    year: int
    value: Decimal | None  # the period's figure (co-executors: the largest)
    cumulative: Decimal | None  # the running total at the period's end
    target: Decimal | None  # the target for the period's year (else by the plan's end)
    share: Decimal | None  # cumulative ÷ target, % (one decimal)
    categories: dict[str, Decimal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return Period.parse(self.period).title


@dataclass
class Progress:
    indicator: Indicator
    periods: list[PeriodValue]

    @property
    def latest(self) -> PeriodValue | None:
        return self.periods[-1] if self.periods else None

    @property
    def cumulative(self) -> Decimal | None:
        return self.latest.cumulative if self.latest else None

    @property
    def share_of_end(self) -> Decimal | None:
        return share(self.cumulative, self.indicator.end_target)

    @property
    def warnings(self) -> list[str]:
        """Each distinct warning once, with the first period it appeared in."""
        seen: dict[str, str] = {}
        for p in self.periods:
            for w in p.warnings:
                seen.setdefault(w, f"{p.title}: {w}")
        return list(seen.values())


def indicators_of(expected: ExpectedReport) -> list[Indicator]:
    """The measure's indicators in the order the coordinator set (report page, API)."""
    return list(Indicator.objects.filter(measure_id=expected.measure_id).order_by("position", "pk"))


def target_for(indicator: Indicator, year: int) -> Decimal | None:
    return to_decimal((indicator.yearly_targets or {}).get(str(year))) or indicator.end_target


def share(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    if value is None or not target:
        return None
    return (value * HUNDRED / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def period_figure(rows: list[tuple[str, Decimal]]) -> tuple[Decimal | None, dict[str, Decimal]]:
    """One report's (category, value) rows → its total and categories."""
    categories = {c: v for c, v in rows if c}
    total = next((v for c, v in rows if not c), None)
    if total is None and categories:
        total = max(breakdowns(categories).values())
    return total, categories


def breakdowns(categories: dict[str, Decimal]) -> dict[str, Decimal]:
    """{dimension: sum of its categories}; "вік: 0–5 років" is in dimension "вік"."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for name, value in categories.items():
        dimension = name.split(":", 1)[0].strip() if ":" in name else ""
        sums[dimension] += value
    return dict(sums)


def value_warnings(
    indicator: Indicator, value: Decimal | None, categories: dict, cumulative, target
) -> list[str]:
    out = []
    if value is not None and value < 0 or any(v < 0 for v in categories.values()):
        out.append(_("a negative value"))
    if value is not None and is_percent(indicator.unit) and value > HUNDRED:
        out.append(_("a percentage over 100"))
    if cumulative is not None and target and target > 0 and cumulative > FAR_OVER * target:
        out.append(
            _("%(value)s is more than three times the target %(target)s")
            % {"value": plain(cumulative), "target": plain(target)}
        )
    if value is not None:
        for dimension, total in breakdowns(categories).items():
            # a dimension's categories split the total; a category on its own is a part of it
            parts = [total] if dimension else list(_standalone(categories).values())
            if any(part > value for part in parts):
                out.append(
                    _("the categories%(dim)s add up to %(sum)s, more than the total %(total)s")
                    % {
                        "dim": f" «{dimension}»" if dimension else "",
                        "sum": plain(max(parts)),
                        "total": plain(value),
                    }
                )
    return out


def _standalone(categories: dict[str, Decimal]) -> dict[str, Decimal]:
    return {k: v for k, v in categories.items() if ":" not in k}


def progress(indicator: Indicator, rows: list[tuple]) -> Progress:
    """`rows`: (period label, report id, category, value) of the reports that count, any order.
    Per period the largest report's figure; the running total as the module says."""
    by_period: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for label, report_id, category, value in rows:
        by_period[label][report_id].append((category, value))
    out, running = [], indicator.baseline_value
    for label in sorted(by_period, key=lambda p: Period.parse(p).end):
        figures = [period_figure(r) for r in by_period[label].values()]
        value, categories = max(figures, key=lambda f: (f[0] is not None, f[0] or 0))
        if value is not None:
            if indicator.kind == IndicatorKind.LEVEL:
                running = value
            else:
                running = (running or Decimal(0)) + value
        year = Period.parse(label).start.year
        target = target_for(indicator, year)
        warnings = value_warnings(indicator, value, categories, running, target)
        out.append(
            PeriodValue(
                label, year, value, running, target, share(running, target), categories, warnings
            )
        )
    return Progress(indicator, out)


def values_rows(indicator_ids, *, states=(ReportState.ACCEPTED,), period_end=None) -> dict:
    """{indicator id: [(period, report id, category, value)]} of reports in `states` (one
    query); only periods ending by `period_end` when given."""
    qs = IndicatorValue.objects.filter(indicator_id__in=indicator_ids, report__state__in=states)
    if period_end is not None:
        qs = qs.filter(report__expected__period_end__lte=period_end)
    out: dict[int, list] = defaultdict(list)
    for row in qs.values_list(
        "indicator_id", "report__expected__period", "report_id", "category", "value"
    ):
        out[row[0]].append(row[1:])
    return out


def plan_progress(plan, *, period_end: dt.date | None = None, states=None) -> list[Progress]:
    """Every indicator of the plan's current revision with its progress (two queries)."""
    indicators = list(
        Indicator.objects.filter(measure__revision_id=plan.current_revision_id)
        .select_related("measure")
        .order_by("measure__position", "position", "pk")
    )
    ids = Indicator.objects.filter(measure__revision_id=plan.current_revision_id).values("pk")
    rows = values_rows(
        ids,  # a subquery: one query even when there are none
        states=states or (ReportState.ACCEPTED,),
        period_end=period_end,
    )
    return [progress(i, rows.get(i.pk, [])) for i in indicators]
