"""Reporting periods: which quarters a measure owes a report for.

Coordinators collect executor reports per quarter, so a period is a quarter label "2025-Q3".
The rule, as a coordinator reads a plan:

- a measure owes a report for every quarter from the quarter of its ``start`` to the quarter
  of its ``end`` (a range covers every quarter in it; "постійно" covers the plan period);
- a list of years ("2021, 2024, 2026 роки") owes reports only in the listed years;
- a slower recurrence thins the list: half-yearly measures report for Q2 and Q4, annual ones
  for Q4 of each year (the report on the year; its due date, e.g. 10 January, is in ``due``).
  If thinning would leave nothing, the last quarter of the range is kept;
- "у разі потреби" (as_needed) measures are in force for the whole plan period and owe a
  report every quarter, even if it only says that no need arose: that line is what lets the
  coordinator count the report as received;
- a measure that waits for an event ("протягом трьох місяців після припинення воєнного стану")
  has no dates and owes nothing until a coordinator sets them: ``[]``.
"""

from __future__ import annotations

import re
from datetime import date

QUARTER_START_MONTH = {1: 1, 2: 4, 3: 7, 4: 10}
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
HALF_START_MONTH = {1: 1, 2: 7}
HALF_END = {1: (6, 30), 2: (12, 31)}
MAX_QUARTERS = 400  # a century; bounds the list for absurd input such as "1900-2100"


def period_years(period: object) -> tuple[int | None, int | None]:
    """(start, end) years of a plan period given as {"start","end"}, [start, end] or None."""
    if isinstance(period, dict):
        start, end = period.get("start"), period.get("end")
    elif isinstance(period, list | tuple) and len(period) == 2:
        start, end = period
    else:
        return None, None
    start, end = _year(start), _year(end)
    if start and end and start > end:
        start, end = end, start
    return start or end, end or start


def _year(value: object) -> int | None:
    """A plausible year from an int or a digit string ("2024"); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value.strip()):
        value = int(value.strip())
    return value if isinstance(value, int) and 1900 <= value <= 2099 else None


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def quarters_between(start: date, end: date) -> list[tuple[int, int]]:
    """Every (year, quarter) from the one holding ``start`` to the one holding ``end``."""
    (y, q), last = quarter_of(start), quarter_of(end)
    out: list[tuple[int, int]] = []
    while (y, q) <= last and len(out) < MAX_QUARTERS:
        out.append((y, q))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _thin(quarters: list[tuple[int, int]], recurrence: object) -> list[tuple[int, int]]:
    """Keep the quarters a slower recurrence reports in (see the module docstring)."""
    keep = {"half_yearly": {2, 4}, "annually": {4}}.get(str(recurrence))
    if not keep or not quarters:
        return quarters
    thinned = [yq for yq in quarters if yq[1] in keep]
    return thinned or quarters[-1:]


def reporting_periods(deadline_value: dict | None, period: object = None) -> list[str]:
    """Quarter labels ("2025-Q3") the measure owes a report for; rule in the module docstring."""
    value = deadline_value if isinstance(deadline_value, dict) else {}
    start, end = _as_date(value.get("start")), _as_date(value.get("end"))
    if start is None or end is None:
        if value.get("recurrence") not in ("as_needed", "continuous"):
            return []
        first, last = period_years(period)
        if first is None:
            return []
        start, end = date(first, 1, 1), date(last, 12, 31)
    if start > end:
        start, end = end, start
    quarters = quarters_between(start, end)
    years = value.get("years")
    if isinstance(years, list) and years:
        quarters = [yq for yq in quarters if yq[0] in years]
    return [quarter_label(y, q) for y, q in _thin(quarters, value.get("recurrence"))]
