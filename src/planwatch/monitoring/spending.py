"""Money in monitoring: planned (the plan's `funding.amounts`) against spent (executors'
`Spending` in accepted reports), per year and funding source, in тис. грн.

- **Planned** comes from each measure's funding cell as imported (`Measure.funding`): every
  year's amount, converted from its printed unit (грн ÷ 1000, млн грн × 1000; a column whose
  header names no unit is taken as тис. грн, what the programmes print). A measure with a
  total and no years counts its total under "year not given".
- **Spent** is what executors typed in reports (тис. грн), counted once a report is accepted;
  the year is the year of the report's period. Co-executors each spend their own money, so
  their amounts add up.
- **Share spent** = spent ÷ planned, in % with one decimal; none where nothing was planned.
- Sums are Decimal, in Python: SQLite would add decimals as floats.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from planwatch.importer.normalize.funding import SOURCES
from planwatch.monitoring.indicators import share, to_decimal
from planwatch.monitoring.models import ReportState, Spending

UNIT = "тис. грн"
# sources that carry money (the rest say "no funding needed", "within the estimates")
MONEY_SOURCES = [s for s in SOURCES if s not in ("not_required", "within_estimates")]

Key = tuple  # (year or None, source code or "")


def _unit_factor(unit) -> Decimal:
    key = "".join(str(unit or "").casefold().replace(".", " ").split())
    return {"тисгрн": Decimal(1), "грн": Decimal("0.001"), "млнгрн": Decimal(1000)}.get(
        key, Decimal(1)
    )


def planned_of(funding: dict) -> dict[Key, Decimal]:
    """{(year, source): тис. грн} of one measure's funding cell."""
    out: dict[Key, Decimal] = defaultdict(Decimal)
    funding = funding or {}
    amounts = [a for a in funding.get("amounts") or [] if isinstance(a, dict)]
    for a in amounts:
        amount = to_decimal(a.get("amount"))
        if amount is None:
            continue
        year = a.get("year") if isinstance(a.get("year"), int) else None
        out[(year, a.get("source") or "")] += amount * _unit_factor(a.get("unit"))
    if not amounts and to_decimal(funding.get("total")) is not None:
        source = (
            (funding.get("sources") or [""])[0] if len(funding.get("sources") or []) == 1 else ""
        )
        out[(None, source)] += to_decimal(funding["total"]) * _unit_factor(
            funding.get("total_unit")
        )
    return dict(out)


def planned_sum(fundings) -> dict[Key, Decimal]:
    out: dict[Key, Decimal] = defaultdict(Decimal)
    for funding in fundings:
        for key, amount in planned_of(funding).items():
            out[key] += amount
    return dict(out)


def spent_rows(**filters):
    """(measure id, plan id, year, source, amount) of accepted reports' spending."""
    rows = Spending.objects.filter(report__state=ReportState.ACCEPTED, **filters).values_list(
        "report__expected__measure_id",
        "report__expected__plan_id",
        "report__expected__period_start",
        "source",
        "amount",
    )
    return [(m, p, start.year, s, a) for m, p, start, s, a in rows]


def spent_sum(rows) -> dict[Key, Decimal]:
    out: dict[Key, Decimal] = defaultdict(Decimal)
    for _measure, _plan, year, source, amount in rows:
        out[(year, source or "")] += amount
    return dict(out)


@dataclass
class MoneyRow:
    year: int | None
    source: str  # a code; "" not said; "*" the year's total
    planned: Decimal
    spent: Decimal

    @property
    def share(self) -> Decimal | None:
        return share(self.spent, self.planned)

    @property
    def is_total(self) -> bool:
        return self.source == "*"


@dataclass
class Money:
    rows: list[MoneyRow]  # per year: each source, then the year's total row
    planned: Decimal
    spent: Decimal
    unit: str = UNIT

    @property
    def share(self) -> Decimal | None:
        return share(self.spent, self.planned)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def money(planned: dict[Key, Decimal], spent: dict[Key, Decimal], years=None) -> Money:
    """Planned vs spent per year and source (years in `years` only, when given; the year
    "not given" of planned money is kept apart and shown last)."""
    keys = set(planned) | set(spent)
    if years is not None:
        keys = {k for k in keys if k[0] in years}
    rows = []
    by_year = sorted({k[0] for k in keys}, key=lambda y: (y is None, y or 0))
    for year in by_year:
        sources = sorted({k[1] for k in keys if k[0] == year}, key=_source_order)
        year_rows = [
            MoneyRow(year, s, planned.get((year, s), Decimal(0)), spent.get((year, s), Decimal(0)))
            for s in sources
        ]
        rows.extend(year_rows)
        if len(year_rows) > 1:
            rows.append(
                MoneyRow(
                    year,
                    "*",
                    sum((r.planned for r in year_rows), Decimal(0)),
                    sum((r.spent for r in year_rows), Decimal(0)),
                )
            )
    real = [r for r in rows if not r.is_total]
    return Money(
        rows,
        sum((r.planned for r in real), Decimal(0)),
        sum((r.spent for r in real), Decimal(0)),
    )


def _source_order(code: str) -> tuple:
    return (code not in SOURCES, SOURCES.index(code) if code in SOURCES else 0, code)


def plan_money(plan, *, start: dt.date | None = None, end: dt.date | None = None) -> Money:
    """A plan's planned vs spent (two queries); with `start`/`end`, the years they span."""
    from planwatch.plans.models import Measure

    fundings = Measure.objects.filter(revision_id=plan.current_revision_id).values_list(
        "funding", flat=True
    )
    filters = {"report__expected__plan_id": plan.pk}
    if end is not None:
        filters["report__expected__period_end__lte"] = end
    if start is not None:
        filters["report__expected__period_start__gte"] = start
    years = range(start.year, end.year + 1) if start and end else None
    return money(planned_sum(fundings), spent_sum(spent_rows(**filters)), years)


def source_choices(funding: dict, saved=()) -> list[str]:
    """The sources an executor reports spending from: the measure's own money sources (and
    any already reported); a cell naming none gives local budget and other sources; a cell
    saying only "no funding needed" / "within the estimates" gives none."""
    funding = funding or {}
    named = list(funding.get("sources") or [])
    named += [a.get("source") for a in funding.get("amounts") or [] if isinstance(a, dict)]
    named += list(saved)
    own = list(dict.fromkeys(s for s in named if s in MONEY_SOURCES))
    if own or any(named):
        return own
    return ["local_budget", "other"]
