"""The roll-up's money and indicators, added up community by community (Decimal).

- **Money**: planned (the plans' `funding.amounts` of the years the period spans) and spent
  (accepted reports whose period lies inside it) per year and funding source, summed exactly
  per community and over all (`monitoring/spending.py` rules).
- **Indicators** that share a unit are combined, and each row says how:
  counts (and levels of something countable, e.g. children in care) are *summed* — baseline,
  target by the plans' end, running total at the period's end; percentages are **never added
  or averaged** (85 % here and 40 % there is neither 125 % nor 62.5 %): the row gives how many
  there are and the lowest and highest latest value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from planwatch.monitoring.indicators import is_percent, progress, unit_key, values_rows
from planwatch.monitoring.models import Indicator
from planwatch.monitoring.spending import Money, money, planned_sum, spent_rows


@dataclass
class IndicatorSum:
    unit: str
    percent: bool
    indicators: int
    reported: int  # how many have a value by the period's end
    baseline: Decimal | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    low: Decimal | None = None  # percentages: the range of latest values
    high: Decimal | None = None

    @property
    def how(self) -> str:
        if self.percent:
            return _("not added or averaged: the lowest and highest value")
        return _("summed")

    @property
    def share(self) -> Decimal | None:
        from planwatch.monitoring.indicators import share

        return None if self.percent else share(self.actual, self.target)


def rollup_money(plans, units, measures: list[dict], period) -> tuple[dict[int, Money], Money]:
    """({community id: Money}, Money over all): one query (the spending)."""
    unit_of_revision = {p.current_revision_id: units[p.id].pk for p in plans}
    unit_of_plan = {p.id: units[p.id].pk for p in plans}
    fundings: dict[int, list] = defaultdict(list)
    for m in measures:
        fundings[unit_of_revision[m["revision_id"]]].append(m.get("funding"))
    rows = spent_rows(
        report__expected__plan_id__in=list(unit_of_plan),
        report__expected__period_start__gte=period.start,
        report__expected__period_end__lte=period.end,
    )
    spent: dict[int, list] = defaultdict(list)
    for row in rows:
        spent[unit_of_plan[row[1]]].append(row)
    years = range(period.start.year, period.end.year + 1)
    by_unit = {
        unit: money(planned_sum(fundings[unit]), _spent(spent[unit]), years)
        for unit in set(fundings) | set(spent)
    }
    total = money(planned_sum(f for fs in fundings.values() for f in fs), _spent(rows), years)
    return by_unit, total


def _spent(rows):
    from planwatch.monitoring.spending import spent_sum

    return spent_sum(rows)


def indicator_sums(plans, period) -> list[IndicatorSum]:
    """Indicators of the plans' current revisions grouped by unit (two queries)."""
    revisions = [p.current_revision_id for p in plans]
    indicators = list(Indicator.objects.filter(measure__revision_id__in=revisions))
    ids = Indicator.objects.filter(measure__revision_id__in=revisions).values("pk")
    rows = values_rows(ids, period_end=period.end)
    groups: dict[str, list] = defaultdict(list)
    for ind in indicators:
        if unit_key(ind.unit):
            groups[unit_key(ind.unit)].append(progress(ind, rows.get(ind.pk, [])))
    out = [_combine(items) for items in groups.values() if len(items) >= 2]
    return sorted(out, key=lambda s: (-s.indicators, s.unit))


def _combine(items) -> IndicatorSum:
    unit = " ".join(items[0].indicator.unit.split())
    latest = [p.cumulative for p in items if p.cumulative is not None]
    row = IndicatorSum(unit, is_percent(unit), len(items), len(latest))
    if row.percent:
        row.low, row.high = (min(latest), max(latest)) if latest else (None, None)
        return row
    row.baseline = _sum(p.indicator.baseline_value for p in items)
    row.target = _sum(p.indicator.end_target for p in items)
    row.actual = _sum(latest) if latest else None
    return row


def _sum(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) if values else None
