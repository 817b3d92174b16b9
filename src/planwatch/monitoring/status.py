"""A measure's current status, derived from its accepted reports by one rule.

1. Only accepted reports count (a draft or an unreviewed report is not yet the record).
2. Take the latest period that has any accepted report on the measure.
3. If every executor's report for that period says "втратив актуальність", so is the measure;
   otherwise leave those reports out and combine the rest, most cautious first:
   all "виконано" → виконано; any "не виконано" → не виконано; any "перенесено" → перенесено;
   else виконується. (One co-executor's "виконано" does not finish a shared measure.)
4. No accepted report → no data.

Separately, a measure is *overdue* when its deadline has ended (`deadline_end` before today)
and its status is neither "виконано" nor "втратив актуальність".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.monitoring.models import Outcome

NO_DATA = "no_data"
ORDER = [Outcome.NOT_DONE, Outcome.POSTPONED, Outcome.IN_PROGRESS]


class MeasureStatus(models.TextChoices):
    DONE = Outcome.DONE.value, Outcome.DONE.label
    IN_PROGRESS = Outcome.IN_PROGRESS.value, Outcome.IN_PROGRESS.label
    NOT_DONE = Outcome.NOT_DONE.value, Outcome.NOT_DONE.label
    POSTPONED = Outcome.POSTPONED.value, Outcome.POSTPONED.label
    OBSOLETE = Outcome.OBSOLETE.value, Outcome.OBSOLETE.label
    NO_DATA = NO_DATA, _("No accepted report")


def combine(outcomes: Iterable[str]) -> str:
    """Step 3 of the rule for one period's accepted outcomes."""
    outcomes = [o for o in outcomes if o]
    if not outcomes:
        return NO_DATA
    relevant = [o for o in outcomes if o != Outcome.OBSOLETE]
    if not relevant:
        return Outcome.OBSOLETE
    if all(o == Outcome.DONE for o in relevant):
        return Outcome.DONE
    for outcome in ORDER:
        if outcome in relevant:
            return outcome
    return Outcome.IN_PROGRESS


def statuses(rows: Iterable[tuple[int, str, str]]) -> dict[int, str]:
    """{measure_id: status} from (measure_id, period_end_sortable, outcome) of accepted reports."""
    latest: dict[int, tuple[str, list[str]]] = {}
    by_measure: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for measure_id, period_key, outcome, *_rest in rows:
        by_measure[measure_id][str(period_key)].append(outcome)
    for measure_id, periods in by_measure.items():
        last = max(periods)
        latest[measure_id] = (last, periods[last])
    return {mid: combine(outcomes) for mid, (_p, outcomes) in latest.items()}


def history(rows: Iterable[tuple[int, object, str]]) -> list[tuple[str, str]]:
    """[(period_end ISO, status)] for one measure, oldest first: the rule applied period by
    period, i.e. what the measure's status was at the end of each reported period."""
    by_period: dict[str, list[str]] = defaultdict(list)
    for _measure_id, period_key, outcome, *_rest in rows:
        by_period[str(period_key)].append(outcome)
    return [(key, combine(by_period[key])) for key in sorted(by_period)]


def is_overdue(status: str, deadline_end: dt.date | None, on: dt.date) -> bool:
    if deadline_end is None or deadline_end >= on:
        return False
    return status not in (Outcome.DONE, Outcome.OBSOLETE)


def accepted_rows(measure_ids) -> list[tuple]:
    """One query: (measure_id, period_end, outcome, period) of accepted reports on the measures."""
    from planwatch.monitoring.models import ExecutionReport

    return list(
        ExecutionReport.objects.accepted()
        .on_measures(measure_ids)
        .values_list("expected__measure_id", "expected__period_end", "outcome", "expected__period")
    )
