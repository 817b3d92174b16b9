"""What the lower plans' linked measures reported, per measure of the upper plan.

Links are made by the lower plan's coordinator (`plans.upper_links`); only confirmed links
of both plans' current revisions count. Three queries whatever the number of plans,
measures and reports, so the roll-up stays constant."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.plans.models import LinkState, Measure, MeasureLink, Plan

EXCERPT = 200


@dataclass
class LowerReport:
    slot: ExpectedReport
    report: object | None  # ExecutionReport handed in (drafts are nobody else's business)
    readable: bool  # the reader may open the report page


@dataclass
class LowerMeasure:
    measure: Measure
    plan: Plan
    reports: list[LowerReport] = field(default_factory=list)

    @property
    def span(self) -> int:  # table rows
        return max(1, len(self.reports))


@dataclass
class UpperRow:
    measure: Measure
    lower: list[LowerMeasure] = field(default_factory=list)

    @property
    def span(self) -> int:
        return sum(lm.span for lm in self.lower)


def linked_rows(plans, period: str, sees_plan) -> list[UpperRow]:
    """Rows for the upper measures of `plans` that have confirmed lower links, in plan and
    measure order; `sees_plan(plan)` says whether the reader may open a lower plan's reports."""
    links = list(
        MeasureLink.objects.filter(
            upper__revision__plan__in=plans,
            upper__revision__is_current=True,
            lower__revision__is_current=True,
            state=LinkState.CONFIRMED,
        )
        .select_related("upper__revision", "lower__revision__plan__owner")
        .order_by("upper__revision__plan_id", "upper__position", "lower__revision__plan__title")
    )
    slots = defaultdict(list)
    found = ExpectedReport.objects.filter(
        measure_id__in=[link.lower_id for link in links], period=period, is_active=True
    ).select_related("organization", "report")
    for slot in found.order_by("organization__name"):
        slots[slot.measure_id].append(slot)
    rows: dict[int, UpperRow] = {}
    readable: dict[int, bool] = {}
    for link in links:
        plan = link.lower.revision.plan
        if plan.pk not in readable:
            readable[plan.pk] = sees_plan(plan)
        lower = LowerMeasure(link.lower, plan)
        for slot in slots[link.lower_id]:
            report = slot.report_or_none()
            if report is not None and report.state == ReportState.DRAFT:
                report = None
            lower.reports.append(LowerReport(slot, report, readable[plan.pk] and bool(report)))
        rows.setdefault(link.upper_id, UpperRow(link.upper)).lower.append(lower)
    return list(rows.values())


def linked_periods(plan: Plan) -> list[str]:
    """The periods the lower measures linked to the plan owe reports for, latest first."""
    labels = (
        ExpectedReport.objects.filter(
            measure__upper_measure_link__upper__revision__plan=plan,
            measure__upper_measure_link__state=LinkState.CONFIRMED,
            measure__revision__is_current=True,
        )
        .order_by("-period_end", "period")
        .values_list("period", flat=True)
        .distinct()
    )
    return list(dict.fromkeys(labels))
