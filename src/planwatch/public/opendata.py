"""Open data of a published plan: its measures with their statuses, as CSV and JSON, and the
dataset passport (metadata) in the manner of data.gov.ua (CKAN fields: title, notes,
publisher, license, dates, resources, column descriptions).

Only what the public pages show: measures of the current revision, executor *organisations*,
statuses from **accepted** reports and what they say was done, with contacts and people's
names removed (`redact.py`). No drafts, no unreviewed reports, no users.

`measure_uid` is stable across revisions: an amended plan's measure keeps the uid of the
measure it continues (`Measure.previous`, set by the plans app's linking), so a series of
downloads can be joined on it. Five queries whatever the plan's size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from planwatch.lib.urls import each_url
from planwatch.monitoring.models import ExecutionReport, ReportingSchedule
from planwatch.monitoring.periods import Period
from planwatch.monitoring.status import MeasureStatus, is_overdue, statuses
from planwatch.orgs.models import Organization
from planwatch.plans.models import Measure, MeasureExecutor, Node, Plan
from planwatch.plans.tree import tree_rows
from planwatch.public.redact import redact

LICENSE = {
    "id": "cc-by-4.0",
    "title": _("Creative Commons Attribution 4.0 International (CC BY 4.0)"),
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    title: str  # Ukrainian, as the portal shows it
    description: str

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS.get(self.type, self.type))


COLUMNS = [
    Column("measure_uid", "integer", "Ідентифікатор заходу",
           _("Stable across revisions: an amended plan's measure keeps the uid of the measure it continues.")),
    Column("plan_id", "integer", "Ідентифікатор плану", _("The plan's id on this site.")),
    Column("revision", "integer", "Редакція", _("Number of the plan's current revision (1 = as first adopted).")),
    Column("section", "string", "Розділ / завдання", _("Numbers and titles of the headings above the measure, outermost first, joined by \" › \".")),
    Column("number", "string", "Номер", _("The measure's number as printed in the plan, e.g. \"1)\" or \"1.1.1.\".")),
    Column("measure", "string", "Захід", _("The measure's text as adopted.")),
    Column("deadline", "string", "Строк виконання", _("The deadline as printed, e.g. \"2025-2026 роки\", \"щокварталу\".")),
    Column("deadline_start", "date", "Початок строку", _("First day of the deadline (ISO 8601); empty for recurring or conditional measures.")),
    Column("deadline_end", "date", "Кінець строку", _("Last day of the deadline (ISO 8601); empty for recurring or conditional measures.")),
    Column("funding", "string", "Джерела фінансування", _("Funding sources as printed.")),
    Column("executors", "string", "Виконавці", _("Executor organisations, joined by \"; \" (organisations only, never people).")),
    Column("indicator", "string", "Індикатор виконання", _("The indicator as printed.")),
    Column("status", "string", "Стан (код)", _("done, in_progress, not_done, postponed, obsolete or no_data: the monitoring rule over accepted reports.")),
    Column("status_label", "string", "Стан", _("The status in Ukrainian.")),
    Column("overdue", "boolean", "Прострочено", _("true when the deadline has ended and the measure is neither done nor obsolete.")),
    Column("last_period", "string", "Останній звітний період", _("The latest period with an accepted report, e.g. \"2025-Q3\"; empty when none.")),
    Column("done", "string", "Що зроблено", _("What the accepted reports of the last period say was done, each prefixed with the organisation's name; contacts and people's names removed.")),
    Column("url", "string", "Посилання", _("The measure's public page.")),
]  # fmt: skip

# How the open-data page names a column's type (the passport keeps the machine names).
TYPE_LABELS = {
    "integer": pgettext_lazy("data type", "integer"),
    "string": pgettext_lazy("data type", "text"),
    "date": pgettext_lazy("data type", "date"),
    "boolean": pgettext_lazy("data type", "true / false"),
}


def stable_ids(plan: Plan) -> dict[int, int]:
    """{measure id: uid}: the first measure of its chain through earlier revisions."""
    # no ordering: the model's default one joins revision and plan just to sort a dict
    rows = Measure.objects.filter(revision__plan=plan).order_by()
    previous = dict(rows.values_list("id", "previous_id"))
    out: dict[int, int] = {}
    for measure_id in previous:
        seen, current = set(), measure_id
        while previous.get(current) and current not in seen:
            seen.add(current)
            current = previous[current]
        out[measure_id] = current
    return out


def records(plan: Plan, today: dt.date, base_url: str = "") -> list[dict]:
    """One row per measure of the current revision, in the plan's order (`COLUMNS`)."""
    return list(records_by_measure(plan, today, base_url).values())


def records_for_measure(plan: Plan, measure: Measure, today: dt.date) -> dict:
    return records_by_measure(plan, today)[measure.pk]


def records_by_measure(
    plan: Plan, today: dt.date, base_url: str = "", rows=None
) -> dict[int, dict]:
    """`rows`: the revision's (nodes, measures) as `plans.tree.tree_rows` reads them, when
    the caller has them already (the public plan page draws its tree from the same rows)."""
    revision = plan.current_revision
    nodes, measures = rows if rows is not None else tree_rows(revision)
    sections = _sections(nodes)
    uids = stable_ids(plan)
    links, rows = _executor_links(measures), _accepted_rows(measures)
    names = _names({org for _m, org in links} | {row[4] for row in rows})
    executors = _executors(links, names)
    accepted = _accepted(rows, names)
    found = statuses((r[0], r[1], r[2]) for r in accepted)
    done = _done(accepted)
    measure_url = each_url("public:measure", plan.pk)
    out = {}
    for m in measures:
        status = found.get(m.pk, MeasureStatus.NO_DATA)
        last_period, notes = done.get(m.pk, ("", []))
        out[m.pk] = {
            "measure_uid": uids.get(m.pk, m.pk),
            "plan_id": plan.pk,
            "revision": revision.number,
            "section": sections.get(m.node_id, ""),
            "number": m.number,
            "measure": m.text,
            "deadline": m.deadline_text,
            "deadline_start": _iso(m.deadline_start),
            "deadline_end": _iso(m.deadline_end),
            "funding": m.funding_text,
            "executors": "; ".join(executors.get(m.pk, [])),
            "indicator": m.indicator_text,
            "status": status,
            "status_label": str(MeasureStatus(status).label),
            "overdue": is_overdue(status, m.deadline_end, today),
            "last_period": last_period,
            "done": "\n".join(notes),
            "url": base_url + measure_url.format(m.pk),
        }
    return out


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _sections(rows: list[Node]) -> dict[int, str]:
    nodes = {n.pk: n for n in rows}
    out = {}
    for pk in nodes:
        chain, node = [], nodes[pk]
        while node is not None:
            chain.append(f"{node.number} {node.title}".strip())
            node = nodes.get(node.parent_id)
        out[pk] = " › ".join(reversed(chain))
    return out


def _executor_links(measures: list[Measure]) -> list[tuple[int, int]]:
    """(measure, organisation) in each measure's order of executors."""
    links = MeasureExecutor.objects.filter(measure__in=measures).order_by("measure_id", "position")
    return list(links.values_list("measure_id", "organization_id"))


def _accepted_rows(measures: list[Measure]) -> list[tuple]:
    """(measure, period_end, outcome, period, organisation id, narrative) of accepted reports."""
    return list(
        ExecutionReport.objects.accepted()
        .on_measures(measures)
        .values_list(
            "expected__measure_id",
            "expected__period_end",
            "outcome",
            "expected__period",
            "expected__organization_id",
            "narrative",
        )
    )


def _names(ids: set[int]) -> dict[int, str]:
    """Organisations' names by id, in one query for the executors and the reports: joined
    in each of those queries, PostgreSQL hashed all 20,000 organisations of the country
    for a few hundred rows (7 ms of the public plan page's 16)."""
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))


def _executors(links: list[tuple[int, int]], names: dict[int, str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}  # a few organisations execute most measures: redact each once
    for measure_id, org_id in links:
        name = names[org_id]
        if name not in out[measure_id]:
            if name not in shown:
                shown[name] = redact(name)
            out[measure_id].append(shown[name])
    return out


def _accepted(rows: list[tuple], names: dict[int, str]) -> list[tuple]:
    """(measure, period_end, outcome, period, organisation, narrative) of accepted reports,
    by period end and organisation."""
    named = [
        (m, end, outcome, period, names[org], text) for m, end, outcome, period, org, text in rows
    ]
    return sorted(named, key=lambda row: (row[1], row[4]))


def _done(accepted: list[tuple]) -> dict[int, tuple[str, list[str]]]:
    """{measure: (latest period, ["Організація: що зроблено", …])} from accepted reports."""
    latest: dict[int, tuple] = {}
    for measure_id, period_end, _outcome, period, *_rest in accepted:
        if measure_id not in latest or period_end > latest[measure_id][0]:
            latest[measure_id] = (period_end, period, [])
    for measure_id, period_end, _outcome, _period, org, narrative in accepted:
        end, _label, notes = latest[measure_id]
        if period_end == end and narrative.strip():
            notes.append(f"{redact(org)}: {redact(narrative.strip())}")
    return {mid: (label, notes) for mid, (_end, label, notes) in latest.items()}


# ---- files -------------------------------------------------------------------------------


def safe_cell(value) -> str:
    """Spreadsheets run cells that start with = + - @ (or a tab, CR) as formulas: such text
    gets a leading apostrophe, the convention Excel and LibreOffice show as plain text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: list[dict]) -> bytes:
    """UTF-8 with a BOM, so Excel opens Cyrillic correctly; header = column names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    for row in rows:
        writer.writerow([safe_cell(row[c.name]) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(plan: Plan, rows: list[dict], passport_url: str) -> bytes:
    body = {"dataset": passport_url, "plan_id": plan.pk, "records": rows}
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def modified(plan: Plan) -> dt.datetime:
    """When the data last changed: the current revision or the latest accepted report."""
    last = (
        ExecutionReport.objects.accepted()
        .filter(expected__plan=plan)
        .aggregate(at=Max("accepted_at"))["at"]
    )
    created = plan.current_revision.created_at
    return max(created, last) if last else created


def passport(plan: Plan, base_url: str, today: dt.date) -> dict:
    """The dataset's metadata in data.gov.ua's (CKAN's) vocabulary, in Ukrainian (the
    portal's language, `"language": "uk"`) whatever the request's language."""
    with translation.override("uk"):
        return _passport(plan, base_url, today)


def _passport(plan: Plan, base_url: str, today: dt.date) -> dict:
    revision = plan.current_revision
    url = lambda name, *args: base_url + reverse(name, args=[plan.pk, *args])  # noqa: E731
    resources = [
        _resource("Заходи та стан виконання (CSV)", "CSV", url("public:measures_csv"), "text/csv"),
        _resource(
            "Заходи та стан виконання (JSON)",
            "JSON",
            url("public:measures_json"),
            "application/json",
        ),  # fmt: skip
        _resource(
            "План у форматі обміну planwatch-plan/1",
            "JSON",
            url("public:export", "json"),
            "application/json",
        ),  # fmt: skip
        _resource(
            "Кошти: заплановано і витрачено (CSV)", "CSV", url("public:money", "csv"), "text/csv"
        ),
        _resource(
            "Кошти: заплановано і витрачено (JSON)",
            "JSON",
            url("public:money", "json"),
            "application/json",
        ),  # fmt: skip
        _resource(
            "Показники: базові значення, цілі, фактичні значення (JSON)",
            "JSON",
            url("public:indicators"),
            "application/json",
        ),  # fmt: skip
    ]
    return {
        "identifier": f"planwatch-plan-{plan.pk}",
        "title": f"Стан виконання: {' '.join(revision.title.split()) or plan.title}",
        "notes": (
            "Заходи плану (поточна редакція) зі станом виконання за прийнятими звітами "
            "виконавців і тим, що зроблено. Персональні дані вилучено."
        ),
        "publisher": {"name": plan.owner.name, "identifier": plan.owner.katottg or None},
        "maintainer": plan.owner.name,
        "license_id": LICENSE["id"],
        "license_title": str(LICENSE["title"]),
        "license_url": LICENSE["url"],
        "language": "uk",
        "tags": ["діти", "сімейне виховання", "план заходів", "моніторинг"],
        "update_frequency": _frequency(plan),
        "metadata_created": plan.created_at.isoformat(),
        "metadata_modified": modified(plan).isoformat(),
        "temporal": {"start": revision.period_start, "end": revision.period_end},
        "data_as_of": today.isoformat(),
        "landing_page": url("public:plan"),
        "documentation": base_url + reverse("public:open_data"),
        "resources": resources,
        "columns": [
            {"name": c.name, "type": c.type, "title": c.title, "description": str(c.description)}
            for c in COLUMNS
        ],
        "status_values": {s: str(MeasureStatus(s).label) for s in MeasureStatus.values},
    }


def _frequency(plan: Plan) -> str:
    schedule = ReportingSchedule.objects.filter(plan=plan).first()
    words = {"quarterly": "щокварталу", "half_yearly": "щопівроку", "annual": "щороку"}
    return words.get(schedule.frequency if schedule else "quarterly", "щокварталу")


def _resource(name: str, fmt: str, url: str, mimetype: str) -> dict:
    return {"name": name, "format": fmt, "url": url, "mimetype": mimetype, "encoding": "UTF-8"}


def period_title(label: str) -> str:
    period = Period.parse(label)
    return period.title if period else label
