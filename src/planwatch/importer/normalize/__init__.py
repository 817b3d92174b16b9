"""Normalised values beside the cells of a planwatch-plan/1 dict (pure Python, no Django).

``normalize_plan(plan)`` walks every measure (the ``nodes`` tree and top-level ``measures``)
and adds, never touching a cell's ``text``:

- ``deadline``: start, end, recurrence, due, condition, reporting_periods (``deadline.py``);
- ``funding``: sources (``funding.py``); money per year, ``amounts`` and ``total``, where the
  table has money columns (``amounts.py``);
- ``executors``: organizations [{name, by_consent, kind, id}] (``executors.py``);
- ``indicator``: targets [{value, unit, text}] (``indicator.py``);

plus ``plan["organizations"]`` (``organizations.py``) and the amounts of ``plan["totals"]``. What the parsers were unsure of goes to
the measure's ``warnings`` as plain strings, once each, so running it twice changes nothing.
The per-cell functions are public for the web app and ``planwatch show``.
"""

from __future__ import annotations

import pickle

from planwatch.importer.normalize.amounts import normalize_amounts, parse_amount
from planwatch.importer.normalize.deadline import parse_deadline
from planwatch.importer.normalize.executors import split_executors, split_executors_with_warnings
from planwatch.importer.normalize.funding import parse_funding
from planwatch.importer.normalize.indicator import parse_indicator
from planwatch.importer.normalize.organizations import resolve_organizations
from planwatch.importer.normalize.periods import period_years, reporting_periods
from planwatch.importer.normalize.summary import format_normalized
from planwatch.importer.structure.meta import period_from_deadlines
from planwatch.importer.walk import iter_measures

__all__ = [
    "format_normalized",
    "normalize_measure",
    "normalize_plan",
    "parse_amount",
    "parse_deadline",
    "parse_funding",
    "parse_indicator",
    "reporting_periods",
    "split_executors",
]


def normalize_plan(plan: dict) -> None:
    """Add normalised values to every measure of ``plan`` and ``plan["organizations"]``."""
    measures = list(iter_measures(plan))
    period = plan.get("period")
    if period_years(period)[0] is None:
        period = _period_from_deadlines(measures)
        if period is not None:
            plan["period"] = period  # said in a warning, and set: pages and reports show it
            _plan_warning(
                plan,
                f"normalize: the plan states no period; {period['start']}-{period['end']} "
                "taken from the deadlines",
            )
    memo: dict = {}  # plans repeat their cells (25 deadlines, 41 executors in 98 measures)
    for measure in measures:
        normalize_measure(measure, period, memo)
    totals = plan.get("totals")
    if isinstance(totals, dict) and isinstance(totals.get("funding"), dict):
        totals["funding"].update(parse_funding(totals["funding"].get("text", "")))
        totals["funding"].pop("warnings", None)
        for message in normalize_amounts(totals["funding"], period):
            _plan_warning(plan, f"totals: {message}")
    plan["organizations"] = resolve_organizations(
        [_cell(m, "executors")["organizations"] for m in measures]
    )


def _warnings_list(holder: dict) -> list:
    """The holder's ``warnings`` as a list (a stray non-list value is kept inside it)."""
    warnings = holder.get("warnings")
    if not isinstance(warnings, list):
        warnings = [] if warnings in (None, "") else [warnings]
        holder["warnings"] = warnings
    return warnings


def normalize_measure(measure: dict, period: object = None, memo: dict | None = None) -> None:
    """Add the four cells' values to one measure (organisation ids come from the plan).

    ``memo`` shares the parsed values of equal cell texts between the measures of one plan;
    every measure still gets its own copy to keep.
    """
    memo = {} if memo is None else memo
    warnings = _warnings_list(measure)
    deadline_cell, funding_cell = _cell(measure, "deadline"), _cell(measure, "funding")
    executors_cell, indicator_cell = _cell(measure, "executors"), _cell(measure, "indicator")
    deadline = _memoized(memo, parse_deadline, deadline_cell["text"], period)
    funding = _memoized(memo, parse_funding, funding_cell["text"])
    organizations, executor_warnings = _memoized(
        memo, split_executors_with_warnings, executors_cell["text"]
    )
    messages = deadline.pop("warnings") + funding.pop("warnings") + executor_warnings
    deadline_cell.update(deadline)
    funding_cell.update(funding)
    for message in messages + normalize_amounts(funding_cell, period):
        if message not in warnings:
            warnings.append(message)
    executors_cell["organizations"] = organizations
    indicator_cell.update(_memoized(memo, parse_indicator, indicator_cell["text"]))


def _memoized(memo: dict, parse, text: str, *args):
    """``parse(text, *args)``, computed once per distinct input and copied for each caller."""
    key = (parse.__name__, text, repr(args))
    if key not in memo:
        # pickled: plain JSON-like values, and loads() is a fast deep copy
        memo[key] = pickle.dumps(parse(text, *args), protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.loads(memo[key])


def _cell(measure: dict, name: str) -> dict:
    """The cell object, created or repaired so that it always has a string ``text``."""
    cell = measure.get(name)
    if not isinstance(cell, dict):
        cell = {"text": cell if isinstance(cell, str) else ""}
        measure[name] = cell
    if not isinstance(cell.get("text"), str):
        cell["text"] = "" if cell.get("text") is None else str(cell["text"])
    return cell


def _period_from_deadlines(measures: list[dict]) -> dict | None:
    return period_from_deadlines([_cell(m, "deadline")["text"] for m in measures])


def _plan_warning(plan: dict, message: str) -> None:
    warnings = _warnings_list(plan)
    if not any(isinstance(w, dict) and w.get("message") == message for w in warnings):
        warnings.append({"message": message})
