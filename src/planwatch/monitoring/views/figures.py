"""The dashboard's indicators and money for the chosen period (four queries, any plan size)."""

from __future__ import annotations

import datetime as dt

from planwatch.monitoring.indicators import plan_progress
from planwatch.monitoring.periods import Period
from planwatch.monitoring.spending import plan_money


def figures_context(plan, period: Period) -> dict:
    """Indicator progress up to the period's end (accepted reports) and the money of the
    period's year: planned for the year, spent in accepted reports of the year so far."""
    year_start = dt.date(period.start.year, 1, 1)
    return {
        "indicator_progress": plan_progress(plan, period_end=period.end),
        "money": plan_money(plan, start=year_start, end=period.end),
    }
