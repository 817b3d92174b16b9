"""The coordinator's numbers, each in one aggregate query whatever the plan's size.

completeness = received ÷ expected, over the counted expected reports (active, not optional);
on-time rate = received whose first hand-in was on or before the due date ÷ received;
overdue = counted expected reports not received whose due date has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q

from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.monitoring.models.reports import RECEIVED_STATES
from planwatch.monitoring.status import MeasureStatus, is_overdue, statuses
from planwatch.plans.models import Plan


@dataclass
class Counts:
    label: str
    expected: int = 0
    received: int = 0
    on_time: int = 0
    overdue: int = 0
    accepted: int = 0
    returned: int = 0

    @property
    def completeness(self) -> int | None:
        return round(100 * self.received / self.expected) if self.expected else None

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.on_time / self.received) if self.received else None


def counts_aggregates(today: dt.date) -> dict:
    """The `Counts` figures as aggregates for `.values(...).annotate(**…)`: one definition
    for the dashboard, the roll-up and the official reports."""
    received = Q(report__state__in=RECEIVED_STATES)
    return {
        "expected": Count("id"),
        "received": Count("id", filter=received),
        "on_time": Count(
            "id", filter=received & Q(report__first_submitted_at__date__lte=F("due_date"))
        ),
        "overdue": Count("id", filter=~received & Q(due_date__lt=today)),
        "accepted": Count("id", filter=Q(report__state=ReportState.ACCEPTED)),
        "returned": Count("id", filter=Q(report__state=ReportState.RETURNED)),
    }


def by_period(plan: Plan, today: dt.date) -> list[Counts]:
    rows = (
        ExpectedReport.objects.counted()
        .filter(plan=plan)
        .values("period", "period_end")
        .annotate(**counts_aggregates(today))
        .order_by("period_end")
    )
    return [Counts(label=r.pop("period"), **_without(r, "period_end")) for r in rows]


def by_executor(plan: Plan, period: str, today: dt.date) -> list[Counts]:
    rows = (
        ExpectedReport.objects.counted()
        .filter(plan=plan, period=period)
        .values("organization_id", "organization__name")
        .annotate(**counts_aggregates(today))
        .order_by("-overdue", "organization__name")
    )
    out = []
    for r in rows:
        counts = Counts(label=r.pop("organization__name"), **_without(r, "organization_id"))
        counts.org_id = r["organization_id"]
        out.append(counts)
    return out


def _without(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


def measures_by_status(plan: Plan, until: dt.date, today: dt.date) -> list[tuple[str, str, int]]:
    """[(status, label, count)] for the current revision, from reports accepted for periods
    ending by `until` (the status rule in status.py), plus the overdue count."""
    revision = plan.current_revision
    if revision is None:
        return []
    measures = list(revision.measures.values_list("id", "deadline_end"))
    from planwatch.monitoring.models import ExecutionReport

    rows = (
        ExecutionReport.objects.accepted()
        .in_revision(plan, revision)
        .ending_by(until)
        .values_list("expected__measure_id", "expected__period_end", "outcome")
    )
    found = statuses(rows)
    counts = {s: 0 for s in MeasureStatus.values}
    overdue = 0
    for measure_id, deadline_end in measures:
        status = found.get(measure_id, MeasureStatus.NO_DATA)
        counts[status] += 1
        overdue += is_overdue(status, deadline_end, today)
    out = [(s, MeasureStatus(s).label, counts[s]) for s in MeasureStatus.values]
    return [*out, ("overdue", None, overdue)]
