"""The report dataset: everything a plan report shows, computed once, as plain dataclasses.

Renderers (docx, xlsx, pdf, charts) read only this, never the database, so a roll-up report
can feed them its own dataset. `build_dataset` runs a fixed number of queries whatever the
plan's size: the tree, the measures, their executors, the accepted reports, and two aggregates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _

from planwatch.importer.structure.columns import role_of_header
from planwatch.monitoring import stats
from planwatch.monitoring.models import ExecutionReport, ExpectedReport, Outcome
from planwatch.monitoring.models.reports import RECEIVED_STATES
from planwatch.monitoring.periods import Period, ReportPeriod
from planwatch.monitoring.stats import Counts
from planwatch.monitoring.status import MeasureStatus, is_overdue, statuses
from planwatch.plans.models import MeasureExecutor, Node, Plan, PlanRevision

PLAN_ROLES = ("number", "measure", "deadline", "funding", "executors", "indicator")
WIDTHS = {
    "number": 4,
    "measure": 22,
    "deadline": 9,
    "funding": 9,
    "executors": 14,
    "indicator": 13,
    "done": 30,
    "status": 9,
    "values": 12,
}
PROGRESS_PERIODS = 12  # the progress chart shows at most the last 12 periods


@dataclass
class Column:
    key: str
    title: str
    width: int


@dataclass
class Note:
    """One accepted report on a measure, attributed to its organisation."""

    org: str
    period_title: str
    outcome_label: str
    narrative: str


@dataclass
class HeadingRow:
    depth: int
    number: str
    title: str

    is_heading = True


@dataclass
class MeasureRow:
    id: int
    number: str
    text: str
    cells: dict[str, str]
    status: str = MeasureStatus.NO_DATA
    status_label: str = ""
    overdue: bool = False
    notes: list[Note] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    # what the confirmed linked lower measures' accepted reports say (monitoring/linked.py)
    linked: list = field(default_factory=list)

    is_heading = False


@dataclass
class StatusCount:
    key: str
    label: str
    count: int


@dataclass
class Heading:
    title: str
    owner: str
    approval: str
    period: ReportPeriod
    made_on: dt.date
    document_title: str


@dataclass
class Summary:
    statuses: list[StatusCount]
    totals: Counts
    by_executor: list[Counts]
    by_period: list[Counts]
    overdue_measures: list[MeasureRow]

    @property
    def measure_count(self) -> int:
        return sum(s.count for s in self.statuses)


@dataclass
class ReportDataset:
    heading: Heading
    columns: list[Column]
    rows: list[HeadingRow | MeasureRow]
    summary: Summary
    # indicators and funding (reports/figures.py); None in a roll-up's own dataset
    figures: object = None

    @property
    def measures(self) -> list[MeasureRow]:
        return [r for r in self.rows if not r.is_heading]


def build_dataset(
    plan: Plan, period: ReportPeriod, today: dt.date, linked: bool = False
) -> ReportDataset:
    """`linked`: under each measure, what the linked lower plans' measures reported (four
    queries more). Off for the public copy: lower plans' texts go to the upper plan's
    monitors, who may read them on the plan's "lower plans" page."""
    revision = plan.current_revision
    if revision is None:
        raise ValueError("the plan has no published revision")
    columns = plan_columns(revision.columns)
    rows, measures = _tree_rows(revision, columns)
    accepted = _accepted(plan, revision, period)
    _attach_notes(measures, accepted, period)
    _attach_missing(measures, plan, revision, period, today)
    found = statuses((r["measure"], r["period_end"], r["outcome"]) for r in accepted)
    overdue_on = min(period.end + dt.timedelta(days=1), today)
    for m in measures.values():
        m.status = found.get(m.id, MeasureStatus.NO_DATA)
        m.status_label = str(MeasureStatus(m.status).label)
        m.overdue = is_overdue(m.status, m.deadline_end, overdue_on)
    if any(m.values for m in measures.values()):
        columns.append(Column("values", _("Indicator values"), WIDTHS["values"]))
    if linked:
        _attach_linked(plan, measures, period)
    fit_widths(columns, list(measures.values()))
    summary = _summary(plan, period, today, list(measures.values()))
    from planwatch.plan_reports.figures import build_figures

    figures = build_figures(plan, period, today)
    return ReportDataset(_heading(plan, revision, period, today), columns, rows, summary, figures)


# ---- column widths -------------------------------------------------------------------------

# a number, a one- or two-word status, and deadlines ("2018-2026 роки": one word that
# must not be squeezed)
FIXED_WIDTH = ("number", "status", "deadline", "funding")


def fit_widths(columns: list[Column], measures: list[MeasureRow]) -> None:
    """Share the page by what the columns hold: a year of long reports widens "what was
    done" and the rows get shorter (the oblast plan's year report: 105 pages → ~80), while
    a report with little written leaves the plan's own columns their room. Each width stays
    within three quarters (more, up to 1¼, when its longest word needs it: a word is not
    broken) and twice its default; the fixed columns keep theirs. Widths are relative
    (the .docx and the PDF divide the page by their sum)."""
    flexible = [c for c in columns if c.key not in FIXED_WIDTH]
    if not measures or not flexible:
        return
    room = sum(c.width for c in flexible)
    shares = {c.key: max(_column_chars(c.key, measures), 1) ** 0.5 for c in flexible}
    bounds = {}
    for c in flexible:
        default = WIDTHS.get(c.key, c.width)
        floor = min(default * 1.25, max(default * 0.75, _longest_word(c.key, measures) * 0.66 + 1))
        bounds[c.key] = (floor, default * 2)
    widths = _share_out(room, shares, bounds)
    for c in flexible:
        c.width = round(widths[c.key])


def _share_out(room: float, shares: dict, bounds: dict) -> dict:
    """`room` divided in proportion to `shares`, each within its (floor, cap): a column held
    at a bound takes it, and the others share what is left."""
    out, free = {}, dict(shares)
    while free:
        total = sum(free.values())
        left = room - sum(out.values())
        held = {}
        for key, share in free.items():
            floor, cap = bounds[key]
            width = left * share / total
            if width < floor or width > cap:
                held[key] = floor if width < floor else cap
        if not held:
            out.update({key: left * share / total for key, share in free.items()})
            break
        out.update(held)
        free = {key: share for key, share in free.items() if key not in held}
    return out


def _longest_word(key: str, measures: list[MeasureRow]) -> int:
    """Characters of the column's longest word: ~0.66 % of the row each at 10 pt on landscape
    A4, so "працевлаштуванні" needs ~12 % to stay inside its cell."""
    if key in ("done", "values"):
        return 0
    texts = (m.cells.get(key, "") or (m.text if key == "measure" else "") for m in measures)
    words = (word for text in texts for word in re.split(r"[\s\-–/]+", text))
    return max(map(len, words), default=0)


def _column_chars(key: str, measures: list[MeasureRow]) -> int:
    if key == "done":
        return sum(
            sum(len(n.org) + len(n.period_title) + len(n.narrative) + 20 for n in m.notes) or 40
            for m in measures
        )
    if key == "values":
        return sum(sum(len(v) for v in m.values) for m in measures)
    return sum(len(m.cells.get(key, "") or (m.text if key == "measure" else "")) for m in measures)


# ---- the plan's columns ------------------------------------------------------------------


def plan_columns(headers: list[str]) -> list[Column]:
    """The plan's own columns, in its order and words, then the report's. The task column
    becomes heading rows; a plan without a measure column keeps its tasks as measures.
    Headers may also be role names ("measure"), as plans made in code have them."""
    roles = [_role(h or "") for h in headers] or [(r, "") for r in DEFAULT_ROLES]
    has_measure = any(role == "measure" for role, _h in roles)
    out, seen = [], set()
    for role, title in roles:
        if role == "task" and not has_measure:
            role = "measure"
        if role in PLAN_ROLES and role not in seen:
            seen.add(role)
            out.append(Column(role, title or default_title(role), WIDTHS[role]))
    if "measure" not in seen:
        out.insert(0, Column("measure", default_title("measure"), WIDTHS["measure"]))
    out.append(Column("done", _("State of execution"), WIDTHS["done"]))
    out.append(Column("status", _("Status of the measure"), WIDTHS["status"]))
    return out


DEFAULT_ROLES = ("measure", "deadline", "executors")


def _role(header: str) -> tuple[str | None, str]:
    if header in PLAN_ROLES or header == "task":
        return header, ""
    return role_of_header(header), _clean_header(header)


def default_title(role: str) -> str:
    return {
        "number": _("No."),
        "measure": _("Measure"),
        "deadline": _("Deadline"),
        "funding": _("Funding sources"),
        "executors": _("Executors"),
        "indicator": _("Indicator"),
    }[role]


def _clean_header(text: str) -> str:
    """ "Джерела фінансуван- ня" (a hyphenated line break kept by extraction) → one word."""
    return re.sub(r"(\w)-\s+(\w)", r"\1\2", " ".join(text.split()))


# ---- the tree ----------------------------------------------------------------------------


def _tree_rows(revision: PlanRevision, columns: list[Column]):
    """Heading and measure rows in document order (two queries + one for executors)."""
    nodes = list(
        Node.objects.filter(revision=revision).values("id", "parent_id", "number", "title")
    )
    kids: dict[int | None, list[dict]] = defaultdict(list)
    for n in nodes:
        kids[n["parent_id"]].append(n)
    items: dict[int | None, list] = defaultdict(list)
    measures: dict[int, MeasureRow] = {}
    keep_number = "number" in {c.key for c in columns}
    for m in revision.measures.order_by("position").values(*_MEASURE_FIELDS):
        row = _measure_row(m, keep_number)
        measures[row.id] = row
        items[m["node_id"]].append(row)
    _executors(revision, measures)
    known = {n["id"] for n in nodes}
    rows: list = [r for node_id, rs in items.items() if node_id not in known for r in rs]
    _walk(kids, items, None, 0, rows)
    return rows, measures


_MEASURE_FIELDS = (
    "id",
    "node_id",
    "number",
    "text",
    "deadline_text",
    "deadline_end",
    "funding_text",
    "executors_text",
    "indicator_text",
)


def _walk(kids, items, parent_id, depth: int, out: list) -> None:
    for node in kids.get(parent_id, []):
        out.append(HeadingRow(depth, node["number"], node["title"]))
        out.extend(items.get(node["id"], []))
        _walk(kids, items, node["id"], depth + 1, out)


def _measure_row(m: dict, keep_number: bool) -> MeasureRow:
    text = m["text"] if keep_number else f"{m['number']} {m['text']}".strip()
    cells = {
        "number": m["number"],
        "measure": text,
        "deadline": m["deadline_text"],
        "funding": m["funding_text"],
        "executors": m["executors_text"],
        "indicator": m["indicator_text"],
    }
    row = MeasureRow(id=m["id"], number=m["number"], text=m["text"], cells=cells)
    row.deadline_end = m["deadline_end"]
    row.org_order = {}
    return row


def _executors(revision: PlanRevision, measures: dict[int, MeasureRow]) -> None:
    """Executor order per measure, so notes follow the order the plan names them."""
    links = MeasureExecutor.objects.filter(measure__revision=revision).values_list(
        "measure_id", "organization__name"
    )
    for measure_id, name in links.order_by("measure_id", "position"):
        order = measures[measure_id].org_order
        order.setdefault(name, len(order))


# ---- the reports -------------------------------------------------------------------------


def _accepted(plan: Plan, revision: PlanRevision, period: ReportPeriod) -> list[dict]:
    """Accepted reports for periods ending by the period's end: the status needs them all,
    the notes only those inside the period."""
    return list(
        ExecutionReport.objects.accepted()
        .in_revision(plan, revision)
        .ending_by(period.end)
        .values(
            "outcome",
            "narrative",
            "values",
            measure=F("expected__measure_id"),
            period=F("expected__period"),
            period_start=F("expected__period_start"),
            period_end=F("expected__period_end"),
            org=F("expected__organization__name"),
        )
        .order_by("expected__period_end", "expected__organization__name")
    )


def _attach_notes(measures: dict[int, MeasureRow], accepted: list[dict], period) -> None:
    """One note per executor: its latest outcome in the period and what it wrote. A report
    over several periods repeats no text: each distinct narrative once, with its period."""
    grouped: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for r in accepted:  # ordered by period end
        if r["measure"] in measures and period.holds(r["period_start"], r["period_end"]):
            grouped[(r["measure"], r["org"])].append(r)
    several = period.is_all or "-Q" not in period.label
    labels = dict(Outcome.choices)
    for (measure_id, org), reports in grouped.items():
        row, last = measures[measure_id], reports[-1]
        title = _("as of %(period)s") % {"period": _period_title(last)} if several else ""
        label = str(labels.get(last["outcome"], ""))
        row.notes.append(Note(org, title, label, _narrative(reports)))
        row.values.extend(_value_lines(last["values"], org))
    for row in measures.values():
        row.notes.sort(key=lambda n: (row.org_order.get(n.org, 99), n.org))


def _attach_linked(plan: Plan, measures: dict[int, MeasureRow], period: ReportPeriod) -> None:
    from planwatch.monitoring.linked import accepted_linked

    several = period.is_all or "-Q" not in period.label
    for upper in accepted_linked([plan], period.start, period.end, several):
        if upper.measure_id in measures:
            measures[upper.measure_id].linked = upper.lower


def _period_title(report: dict) -> str:
    return Period.parse(report["period"]).title


def _narrative(reports: list[dict]) -> str:
    texts: dict[str, list[str]] = {}
    for r in reports:
        text = r["narrative"].strip()
        if text:
            texts.setdefault(text, []).append(_period_title(r))
    if len(texts) <= 1:
        return next(iter(texts), "")
    # One line per distinct text: renderers make each a paragraph (also keeps WeasyPrint's
    # line breaking, which re-measures the rest of a paragraph for every line, cheap).
    return "\n".join(f"{', '.join(periods)}: {text}" for text, periods in texts.items())


def _value_lines(values, org: str) -> list[str]:
    """ "охоплення 100 % сімей: 85 % (Служба у справах дітей)" — one per reported target."""
    out = []
    for v in values or []:
        if not isinstance(v, dict) or v.get("value") in (None, ""):
            continue
        unit = f" {v['unit']}" if v.get("unit") else ""
        what = v.get("text") or _("target %(t)s") % {"t": v.get("target")}
        out.append(f"{what}: {v['value']}{unit} ({org})")
    return out


def _attach_missing(measures, plan, revision, period: ReportPeriod, today: dt.date) -> None:
    """Executors whose counted report for the period is past due and not received."""
    rows = (
        _expected_in(plan, period)
        .filter(measure__revision=revision, due_date__lt=today)
        .exclude(report__state__in=RECEIVED_STATES)
        .values_list("measure_id", "organization__name")
        .distinct()
        .order_by("measure_id", "organization__name")
    )
    for measure_id, org in rows:
        measures[measure_id].missing.append(org)


def _expected_in(plan: Plan, period: ReportPeriod):
    return ExpectedReport.objects.counted().filter(
        plan=plan, period_start__gte=period.start, period_end__lte=period.end
    )


# ---- summary and heading -----------------------------------------------------------------


def _summary(plan, period, today, measures: list[MeasureRow]) -> Summary:
    counts = {s: 0 for s in MeasureStatus.values}
    for m in measures:
        counts[m.status] += 1
    status_rows = [StatusCount(s, str(MeasureStatus(s).label), counts[s]) for s in counts]
    by_executor = _by_executor(plan, period, today)
    totals = Counts(label=_("Total"))
    for c in by_executor:
        for name in ("expected", "received", "on_time", "overdue", "accepted", "returned"):
            setattr(totals, name, getattr(totals, name) + getattr(c, name))
    progress = [c for c in stats.by_period(plan, today) if Period.parse(c.label).end <= period.end]
    overdue = [m for m in measures if m.overdue]
    return Summary(status_rows, totals, by_executor, progress[-PROGRESS_PERIODS:], overdue)


def _by_executor(plan, period: ReportPeriod, today: dt.date) -> list[Counts]:
    """The dashboard's figures (stats.py definitions) over every period inside the report's."""
    rows = (
        _expected_in(plan, period)
        .values("organization__name")
        .annotate(**stats.counts_aggregates(today))  # one definition of the figures, shared
        .order_by("organization__name")
    )
    return [Counts(label=r.pop("organization__name"), **r) for r in rows]


_INSTRUMENT = re.compile(r"^(рішення|розпорядження|наказ|постанова)\b", re.IGNORECASE)
_INSTRUMENTAL = {"рішення": "рішенням", "розпорядження": "розпорядженням", "наказ": "наказом"}


def approval_line(revision: PlanRevision) -> str:
    """ "затверджений розпорядженням голови … від 12.12.2018 № 1003" from the plan's block."""
    text = " ".join((revision.approval_text or "").split())
    if not text and not revision.approval_date:
        return ""
    word = _INSTRUMENT.match(text)
    if word and word.group(1).lower() in _INSTRUMENTAL:
        text = _INSTRUMENTAL[word.group(1).lower()] + text[word.end() :]
    elif text:
        text = text[0].lower() + text[1:]
    parts = [_("approved by %(what)s") % {"what": text} if text else _("approved")]
    if revision.approval_date:
        parts.append(_("of %(date)s") % {"date": revision.approval_date.strftime("%d.%m.%Y")})
    if revision.approval_number:
        parts.append(f"№ {revision.approval_number}")
    return " ".join(parts)


def _heading(plan: Plan, revision: PlanRevision, period: ReportPeriod, today) -> Heading:
    return Heading(
        title=" ".join(revision.title.split()) or plan.title,
        owner=plan.owner.name,
        approval=approval_line(revision),
        period=period,
        made_on=today,
        document_title=_("Information"),
    )


__all__ = [
    "Column",
    "Heading",
    "HeadingRow",
    "MeasureRow",
    "Note",
    "ReportDataset",
    "StatusCount",
    "Summary",
    "build_dataset",
    "plan_columns",
]
