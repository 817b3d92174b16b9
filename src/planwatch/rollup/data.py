"""The roll-up: every plan of the communities below an organisation, for one period.

`build_rollup(org, period, today)` returns plain dataclasses (no ORM objects), so the page,
the documents and the command read the same figures. A fixed number of queries whatever the
number of communities, plans and measures: the plans, the organisations above their owners,
the measures of their current revisions, the accepted reports, one aggregate over expected
reports, the periods on offer.

The rules are the plan report's (`planwatch.plan_reports`), applied plan by plan and then added up:
- **status** of a measure: the monitoring status rule (`monitoring/status.py`) over accepted
  reports for periods ending by the end of the chosen period; statuses are *counted*, never
  averaged into a percentage;
- **overdue measure**: its deadline ended by the end of the period (or today, if earlier)
  without "виконано" / "втратив актуальність";
- **completeness, on-time rate, overdue reports**: `monitoring/stats.py` definitions over the
  counted expected reports whose period lies inside the chosen one (a year holds its quarters
  and half-years), overdue as of `today`;
- **indicator values** are summed only across targets that share a unit; percentages are
  never summed (85 % here and 40 % there is not 125 %).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min

from planwatch.monitoring import stats
from planwatch.monitoring.models import ExecutionReport, ExpectedReport
from planwatch.monitoring.periods import ReportPeriod, report_choices
from planwatch.monitoring.stats import Counts
from planwatch.monitoring.status import MeasureStatus, is_overdue, statuses
from planwatch.orgs.models import UNIT_KINDS, Organization
from planwatch.plans.models import Measure, Plan
from planwatch.rollup.figures import indicator_sums, rollup_money

STATUS_KEYS = list(MeasureStatus.values)
COUNT_FIELDS = ("expected", "received", "on_time", "overdue", "accepted", "returned")
PERCENT_UNITS = {"%", "відсотків", "відсотки", "відсоток"}


@dataclass
class Figures:
    """Measures by status and report counts for a plan, a community or the whole roll-up."""

    label: str
    measures: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_KEYS, 0))
    overdue_measures: int = 0
    reports: Counts = field(default_factory=lambda: Counts(label=""))

    def add(self, other: Figures) -> None:
        self.measures += other.measures
        self.overdue_measures += other.overdue_measures
        for key, n in other.statuses.items():
            self.statuses[key] += n
        for name in COUNT_FIELDS:
            setattr(self.reports, name, getattr(self.reports, name) + getattr(other.reports, name))

    def status_list(self) -> list[tuple[str, int]]:
        return [(key, self.statuses[key]) for key in STATUS_KEYS]


@dataclass
class PlanRow:
    id: int
    title: str
    owner: str
    figures: Figures


@dataclass
class CommunityRow:
    id: int
    name: str
    kind: str
    plans: list[PlanRow]
    figures: Figures


@dataclass
class OverdueMeasure:
    community: str
    plan_id: int
    plan_title: str
    measure_id: int
    number: str
    text: str
    deadline_text: str
    deadline_end: dt.date | None
    status: str
    status_label: str


@dataclass
class UnitSum:
    """Indicator targets sharing a unit: their sum and the sum of the values reported."""

    unit: str
    targets: int
    target_sum: float
    reported: int
    reported_sum: float


@dataclass
class Rollup:
    org_id: int
    org_name: str
    period: ReportPeriod
    today: dt.date
    communities: list[CommunityRow]
    totals: Figures
    overdue: list[OverdueMeasure]
    unit_sums: list[UnitSum]
    period_choices: list[str]
    # money per community id and over all, indicators sharing a unit (rollup/figures.py)
    money_by_community: dict = field(default_factory=dict)
    money: object = None
    indicator_sums: list = field(default_factory=list)
    # the documents only (`add_linked`): what linked lower measures reported under the
    # measures of the body's own plans (`monitoring.linked.LinkedUpper`)
    linked: list = field(default_factory=list)

    @property
    def plan_count(self) -> int:
        return sum(len(c.plans) for c in self.communities)

    @property
    def community_money(self) -> list[tuple[str, object]]:
        """(community name, its planned vs spent) for those with any money."""
        return [
            (c.name, self.money_by_community[c.id])
            for c in self.communities
            if c.id in self.money_by_community and not self.money_by_community[c.id].is_empty
        ]

    @property
    def status_labels(self) -> list[tuple[str, str]]:
        return [(key, str(MeasureStatus(key).label)) for key in STATUS_KEYS]


# ---- building ----------------------------------------------------------------------------


def plans_below(org: Organization):
    return Plan.objects.filter(
        owner__path__startswith=org.path, current_revision__isnull=False
    ).select_related("owner", "current_revision")


def own_plans(org_id: int):
    """The rolled-up body's own plans: the upper plans its lower plans link to."""
    return Plan.objects.filter(owner_id=org_id, current_revision__isnull=False)


def add_linked(data: Rollup) -> Rollup:
    """The documents' section on linked lower measures (four queries whatever their number;
    the page shows them through `monitoring.linked.linked_rows` instead)."""
    from planwatch.monitoring.linked import accepted_linked

    p = data.period
    several = p.is_all or "-Q" not in p.label
    data.linked = accepted_linked(own_plans(data.org_id), p.start, p.end, several)
    return data


def period_labels(org: Organization) -> list[str]:
    """The reporting periods the plans below expect reports for (one query)."""
    return list(
        ExpectedReport.objects.filter(plan__owner__path__startswith=org.path)
        .order_by("period")
        .values_list("period", flat=True)
        .distinct()
    )


def parse_period(label: str, org: Organization, today: dt.date) -> ReportPeriod | None:
    """A quarter, half-year, year, or "all" (from the first year any plan below starts)."""
    first = None
    if str(label or "").strip() == "all":
        first = ExpectedReport.objects.filter(plan__owner__path__startswith=org.path).aggregate(
            y=Min("period_start")
        )["y"]
        first = first.year if first else None
    return ReportPeriod.parse(label, today, first)


def build_rollup(
    org: Organization, period: ReportPeriod, today: dt.date, labels: list[str] | None = None
) -> Rollup:
    plans = list(plans_below(org).order_by("owner__path", "title", "pk"))
    units = _units(org, plans)
    measures = _measures(plans)
    accepted = _accepted(plans, period)
    found = statuses((r[0], r[1], r[2]) for r in accepted)
    overdue_on = min(period.end + dt.timedelta(days=1), today)
    figures = {p.id: Figures(label=p.title) for p in plans}
    overdue: list[OverdueMeasure] = []
    plan_of_revision = {p.current_revision_id: p for p in plans}
    for m in measures:
        plan = plan_of_revision[m["revision_id"]]
        status = found.get(m["id"], MeasureStatus.NO_DATA)
        f = figures[plan.id]
        f.measures += 1
        f.statuses[status] += 1
        if is_overdue(status, m["deadline_end"], overdue_on):
            f.overdue_measures += 1
            overdue.append(_overdue_row(units[plan.id], plan, m, status))
    _add_report_counts(plans, figures, period, today)
    communities, totals = _group(plans, units, figures)
    overdue.sort(key=lambda o: (o.community, o.plan_title, o.deadline_end or today))
    money_by_community, money_total = rollup_money(plans, units, measures, period)
    return Rollup(
        org_id=org.pk,
        org_name=org.name,
        period=period,
        today=today,
        communities=communities,
        totals=totals,
        overdue=overdue,
        unit_sums=_unit_sums(measures, accepted, period),
        period_choices=report_choices(labels if labels is not None else period_labels(org)),
        money_by_community=money_by_community,
        money=money_total,
        indicator_sums=indicator_sums(plans, period),
    )


def _units(org: Organization, plans: list[Plan]) -> dict[int, Organization]:
    """{plan id: the community (or district, oblast) the plan belongs to}: the deepest body
    at or above the owner, inside the roll-up's organisation. One query for all ancestors."""
    ids = {int(part) for p in plans for part in p.owner.path.strip("/").split("/") if part}
    by_id = Organization.objects.in_bulk(ids)
    out = {}
    for p in plans:
        chain = [int(x) for x in p.owner.path.strip("/").split("/") if x]
        inside = [by_id[i] for i in chain if i in by_id and by_id[i].path.startswith(org.path)]
        bodies = [o for o in inside if o.kind in UNIT_KINDS]
        out[p.id] = bodies[-1] if bodies else p.owner
    return out


def _measures(plans: list[Plan]) -> list[dict]:
    revisions = [p.current_revision_id for p in plans]
    return list(
        Measure.objects.filter(revision_id__in=revisions)
        .order_by("revision_id", "position")
        .values(
            "id",
            "revision_id",
            "number",
            "text",
            "deadline_text",
            "deadline_end",
            "indicator",
            "funding",
        )
    )


def _accepted(plans: list[Plan], period: ReportPeriod) -> list[tuple]:
    """(measure, period_end, outcome, period_start, values) of accepted reports for periods
    ending by the end of the chosen one: the status needs them all, the sums those inside."""
    return list(
        ExecutionReport.objects.accepted()
        .filter(expected__measure__revision_id__in=[p.current_revision_id for p in plans])
        .ending_by(period.end)
        .values_list(
            "expected__measure_id",
            "expected__period_end",
            "outcome",
            "expected__period_start",
            "values",
        )
    )


def _add_report_counts(plans, figures: dict[int, Figures], period, today: dt.date) -> None:
    rows = (
        ExpectedReport.objects.counted()
        .filter(
            plan_id__in=[p.id for p in plans],
            period_start__gte=period.start,
            period_end__lte=period.end,
        )
        .values("plan_id")
        .annotate(**stats.counts_aggregates(today))  # the dashboard's definitions, shared
        .order_by("plan_id")
    )
    for r in rows:
        plan_id = r.pop("plan_id")
        figures[plan_id].reports = Counts(label=figures[plan_id].label, **r)


def _group(plans, units, figures) -> tuple[list[CommunityRow], Figures]:
    rows: dict[int, CommunityRow] = {}
    totals = Figures(label="")
    for p in plans:
        unit = units[p.id]
        row = rows.get(unit.pk)
        if row is None:
            row = rows[unit.pk] = CommunityRow(
                unit.pk, unit.name, unit.kind, [], Figures(label=unit.name)
            )
        row.plans.append(PlanRow(p.id, p.title, p.owner.name, figures[p.id]))
        row.figures.add(figures[p.id])
        totals.add(figures[p.id])
    return sorted(rows.values(), key=lambda r: r.name), totals


def _overdue_row(unit, plan, m: dict, status: str) -> OverdueMeasure:
    return OverdueMeasure(
        community=unit.name,
        plan_id=plan.id,
        plan_title=plan.title,
        measure_id=m["id"],
        number=m["number"],
        text=m["text"],
        deadline_text=m["deadline_text"],
        deadline_end=m["deadline_end"],
        status=status,
        status_label=str(MeasureStatus(status).label),
    )


# ---- indicator sums ----------------------------------------------------------------------


def unit_key(unit: str) -> str:
    return " ".join(str(unit or "").split()).casefold()


def _unit_sums(measures: list[dict], accepted: list[tuple], period: ReportPeriod) -> list[UnitSum]:
    """Targets grouped by unit (two or more sharing it), with the values reported inside the
    period: per target the latest period's value, the largest where co-executors differ
    (they report on the same indicator, so adding their figures would count twice)."""
    reported = _latest_values(accepted, period)
    groups: dict[str, list] = defaultdict(lambda: [0, 0.0, 0, 0.0, ""])
    for m in measures:
        for index, target in enumerate((m["indicator"] or {}).get("targets") or []):
            key = unit_key(target.get("unit"))
            value = target.get("value")
            if not key or key in PERCENT_UNITS or not isinstance(value, int | float):
                continue
            g = groups[key]
            g[0] += 1
            g[1] += value
            g[4] = g[4] or " ".join(str(target.get("unit")).split())
            got = reported.get((m["id"], index))
            if got is not None:
                g[2] += 1
                g[3] += got
    out = [UnitSum(g[4], g[0], g[1], g[2], g[3]) for g in groups.values() if g[0] >= 2]
    return sorted(out, key=lambda u: (-u.targets, u.unit))


def _latest_values(accepted: list[tuple], period: ReportPeriod) -> dict[tuple[int, int], float]:
    latest: dict[tuple[int, int], tuple[dt.date, float]] = {}
    for measure_id, period_end, _outcome, period_start, values in accepted:
        if not period.holds(period_start, period_end):
            continue
        for index, v in enumerate(values or []):
            value = v.get("value") if isinstance(v, dict) else None
            if not isinstance(value, int | float):
                continue
            key = (measure_id, index)
            old = latest.get(key)
            if old is None or period_end > old[0] or (period_end == old[0] and value > old[1]):
                latest[key] = (period_end, value)
    return {k: v for k, (_end, v) in latest.items()}
