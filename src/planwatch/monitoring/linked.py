"""What the lower plans' linked measures reported, per measure of the upper plan.

Links are made by the lower plan's coordinator (`plans.upper_links`); only confirmed links
of both plans' current revisions count. Three queries whatever the number of plans,
measures and reports, so the roll-up stays constant. `accepted_linked` gives the documents
(the upper plan's report, the roll-up) the same links with only accepted reports, as plain
dataclasses."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F

from planwatch.monitoring.models import ExecutionReport, ExpectedReport, Outcome, ReportState
from planwatch.monitoring.periods import Period
from planwatch.plans.models import LinkState, Measure, MeasureLink, Plan

EXCERPT = 200


@dataclass
class LowerReport:
    expected: ExpectedReport
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
    expected_reports = defaultdict(list)
    found = ExpectedReport.objects.filter(
        measure_id__in=[link.lower_id for link in links], period=period, is_active=True
    ).select_related("organization", "report")
    for expected in found.order_by("organization__name"):
        expected_reports[expected.measure_id].append(expected)
    rows: dict[int, UpperRow] = {}
    readable: dict[int, bool] = {}
    for link in links:
        plan = link.lower.revision.plan
        if plan.pk not in readable:
            readable[plan.pk] = sees_plan(plan)
        lower = LowerMeasure(link.lower, plan)
        for expected in expected_reports[link.lower_id]:
            report = expected.report_or_none()
            if report is not None and report.state == ReportState.DRAFT:
                report = None
            lower.reports.append(LowerReport(expected, report, readable[plan.pk] and bool(report)))
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


# ---- for the documents (plan report, roll-up) ---------------------------------------------

DOCUMENT_EXCERPT = 300  # characters of a lower report's text in a document (the page: 200)
MAX_FIGURES = 6  # figure lines per lower report in a document


@dataclass
class LinkedNote:
    """One executor's accepted reports on a lower measure in the period: the latest outcome,
    its distinct texts (shortened), the figures it gave and what it spent (тис. грн)."""

    org: str
    period_title: str  # the latest report's period, when the document's period holds several
    outcome_label: str
    narrative: str
    figures: list[str] = field(default_factory=list)
    spent: Decimal | None = None


@dataclass
class LinkedMeasure:
    org: str  # the lower plan's organisation
    plan_title: str
    number: str
    text: str
    notes: list[LinkedNote] = field(default_factory=list)


@dataclass
class LinkedUpper:
    measure_id: int
    plan_id: int
    plan_title: str
    number: str
    text: str
    lower: list[LinkedMeasure] = field(default_factory=list)


def accepted_linked(plans, start: dt.date, end: dt.date, several: bool) -> list[LinkedUpper]:
    """The upper measures of `plans` with confirmed links (both plans' current revisions),
    in plan and measure order, each with its lower measures and their **accepted** reports
    whose period lies inside `start`–`end`. Plain dataclasses for the documents; four
    queries whatever the number of plans, links and reports. Who may read it: whoever may
    monitor the upper plan, as on the plan's "lower plans" page and the roll-up."""
    links = _document_links(plans)
    reports = list(
        ExecutionReport.objects.accepted()
        .on_measures([link["lower_id"] for link in links])
        .filter(expected__period_start__gte=start, expected__period_end__lte=end)
        .values(
            "id",
            "outcome",
            "narrative",
            "values",
            measure=F("expected__measure_id"),
            period=F("expected__period"),
            org=F("expected__organization__name"),
        )
        .order_by("expected__period_end", "expected__organization__name")
    )
    figures = _indicator_lines([r["id"] for r in reports])
    spent = _spent([r["id"] for r in reports])
    notes = _notes(reports, figures, spent, several)
    out: dict[int, LinkedUpper] = {}
    for link in links:
        upper = out.setdefault(
            link["upper_id"],
            LinkedUpper(
                link["upper_id"],
                link["upper__revision__plan_id"],
                link["upper__revision__plan__title"],
                link["upper__number"],
                link["upper__text"],
            ),
        )
        lower = LinkedMeasure(
            link["lower__revision__plan__owner__name"],
            link["lower__revision__plan__title"],
            link["lower__number"],
            link["lower__text"],
            notes.get(link["lower_id"], []),
        )
        upper.lower.append(lower)
    return list(out.values())


def _document_links(plans) -> list[dict]:
    return list(
        MeasureLink.objects.filter(
            upper__revision__plan__in=plans,
            upper__revision__is_current=True,
            lower__revision__is_current=True,
            state=LinkState.CONFIRMED,
        )
        .values(
            "upper_id",
            "lower_id",
            "upper__number",
            "upper__text",
            "upper__revision__plan_id",
            "upper__revision__plan__title",
            "lower__number",
            "lower__text",
            "lower__revision__plan__title",
            "lower__revision__plan__owner__name",
        )
        .order_by(
            "upper__revision__plan_id",
            "upper__position",
            "lower__revision__plan__owner__name",
            "lower__revision__plan__title",
            "lower__position",
        )
    )


def _notes(reports: list[dict], figures: dict, spent: dict, several: bool) -> dict:
    """Per lower measure id: one note per executor (reports come ordered by period end)."""
    grouped: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for r in reports:
        grouped[(r["measure"], r["org"])].append(r)
    labels = dict(Outcome.choices)
    out: dict[int, list[LinkedNote]] = defaultdict(list)
    for (measure_id, org), group in grouped.items():
        last = group[-1]
        title = _period_title(last["period"]) if several else ""
        dated = several and len(group) > 1
        lines = [line for r in group for line in _value_lines(r, figures, dated)]
        total = [spent[r["id"]] for r in group if r["id"] in spent]
        note = LinkedNote(
            org,
            title,
            str(labels.get(last["outcome"], "")),
            _texts(group, several),
            lines[:MAX_FIGURES],
            sum(total, Decimal(0)) if total else None,
        )
        out[measure_id].append(note)
    return out


def _period_title(label: str) -> str:
    period = Period.parse(label)
    return str(period.title) if period else label


def _texts(group: list[dict], several: bool) -> str:
    """Each distinct text once (with its period when there are several), shortened on a word
    boundary to an equal share of `DOCUMENT_EXCERPT` characters."""
    texts: dict[str, str] = {}  # text → its first period
    for r in group:
        text = " ".join((r["narrative"] or "").split())
        if text:
            texts.setdefault(text, _period_title(r["period"]))
    if len(texts) <= 1:
        return shorten(next(iter(texts), ""), DOCUMENT_EXCERPT)
    share = max(DOCUMENT_EXCERPT // len(texts), 100)  # a long early text leaves room for the rest
    return " ".join(
        f"{p}: {shorten(t, share)}" if several else shorten(t, share) for t, p in texts.items()
    )


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def _value_lines(report: dict, figures: dict, several: bool) -> list[str]:
    """ "охоплення 100 % сімей: 85 %" for each target value and indicator value reported."""
    lines = []
    for v in report["values"] or []:
        if isinstance(v, dict) and v.get("value") not in (None, ""):
            unit = f" {v['unit']}" if v.get("unit") else ""
            what = v.get("text") or str(v.get("target", ""))
            lines.append(f"{what}: {v['value']}{unit}".strip())
    lines += figures.get(report["id"], [])
    if several and lines:
        prefix = _period_title(report["period"])
        lines = [f"{prefix}: {line}" for line in lines]
    return lines


def _indicator_lines(report_ids: list[int]) -> dict[int, list[str]]:
    from planwatch.monitoring.models import IndicatorValue

    out: dict[int, list[str]] = defaultdict(list)
    rows = (
        IndicatorValue.objects.filter(report_id__in=report_ids)
        .values_list("report_id", "indicator__name", "indicator__unit", "category", "value")
        .order_by("report_id", "indicator__position", "indicator_id", "category")
    )
    for report_id, name, unit, category, value in rows:
        what = shorten(" ".join(name.split()), 80) + (f" [{category}]" if category else "")
        out[report_id].append(f"{what}: {_num(value)}{f' {unit}' if unit else ''}")
    return out


def _spent(report_ids: list[int]) -> dict[int, Decimal]:
    from django.db.models import Sum

    from planwatch.monitoring.models import Spending

    rows = (
        Spending.objects.filter(report_id__in=report_ids)
        .values("report_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {r["report_id"]: r["total"] for r in rows}


def _num(value: Decimal) -> str:
    """ "85", "12,5": no trailing zeros, a decimal comma."""
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")
