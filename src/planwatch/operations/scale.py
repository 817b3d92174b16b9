"""A synthetic country for load tests: `manage.py seed_scale --communities N`.

Ukraine has ~1,500 territorial communities in 136 districts and 24 oblasts. For N communities
we build N · 136/1500 districts and N · 24/1500 oblasts (at least one of each), every body with
the departments, institutions and partners its plan names, and a plan each: the shared sample
plans, parsed once with planwatch.importer and varied per owner (title, measure wording,
executors dropped or kept, deadlines moved by a year). Communities get the village or the city
plan, districts the city plan, oblasts the oblast plan. Each plan gets its reporting schedule
(detected from its text, as `schedule_for` does), the expected reports that `sync_expected`
would compute, and execution reports in every workflow state for the periods that have begun.

Rows go in through planwatch.operations.bulk (COPY on PostgreSQL), a batch of owners per transaction,
without signals. On PostgreSQL the foreign-key triggers are skipped while loading (they were
most of the time) and every reference is checked afterwards with one anti-join per key. Deterministic for a given --seed. Users, all with the password SCALE_PASSWORD:
`scale-admin` (superuser); per oblast `scale-o<i>-coordinator`; per district
`scale-d<i>-reviewer`; per community `scale-c<i>-coordinator`, `-executor` (on the community's
children's service), `-viewer`.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from planwatch.importer import parse_file
from planwatch.importer.structure.text import collapse
from planwatch.importer.walk import iter_nodes, measures_with_headings
from planwatch.monitoring.expected import measure_periods
from planwatch.monitoring.models import (
    ExecutionReport,
    ExpectedReport,
    PartnerPolicy,
    ReportEvent,
    ReportingSchedule,
    ReportState,
)
from planwatch.monitoring.models.schedule import ScheduleSource
from planwatch.monitoring.periods import Period
from planwatch.monitoring.schedule import ABOUT_REPORTING, read_measure
from planwatch.operations.bulk import (
    Writer,
    analyze,
    orphans,
    with_fk_triggers,
    without_fk_triggers,
)
from planwatch.operations.scale_words import (
    CURRENT_MIX,
    NARRATIVE,
    OBLASTS,
    OLD_MIX,
    PREFIXES,
    RECENT_MIX,
    STEMS,
    SUFFIXES,
    TEMPLATES,
    TITLES,
)
from planwatch.orgs.models import IMPORTER_KINDS, Membership, Organization, OrgKind, Role
from planwatch.plans import document as docs
from planwatch.plans.models import (
    AuditAction,
    AuditEntry,
    Measure,
    MeasureExecutor,
    Node,
    Plan,
    PlanRevision,
)
from planwatch.plans.publish import parse_date

SCALE_PASSWORD = "planwatch-scale"
MODELS = (
    Organization,
    get_user_model(),
    Membership,
    Plan,
    PlanRevision,
    Node,
    Measure,
    MeasureExecutor,
    AuditEntry,
    ReportingSchedule,
    ExpectedReport,
    ExecutionReport,
    ReportEvent,
)


@dataclass
class Owner:
    """A body that owns a plan: its organisation row, level, template and people."""

    org_id: int
    name: str
    path: str
    level: str  # oblast / district / community
    template: str  # village / city / oblast
    departments: dict[str, int] = field(default_factory=dict)  # template org id → org id
    coordinator_id: int | None = None


@dataclass
class SeedResult:
    communities: int = 0
    districts: int = 0
    oblasts: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def load_templates(samples: Path) -> dict[str, dict]:
    """The sample plans, parsed once."""
    return {
        key: docs.prepare(parse_file(samples / "docx" / name)) for key, name in TEMPLATES.items()
    }


def seed_country(
    communities: int,
    samples: Path,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    batch: int = 40,
    prefix: str = "scale",
    progress=None,
) -> SeedResult:
    """Generate the country (see the module docstring); returns counts and the time taken."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    builder = CountryBuilder(load_templates(samples), random.Random(seed), today, prefix)
    writer = Writer(MODELS)
    unchecked = without_fk_triggers()
    try:
        with transaction.atomic():
            owners = builder.organisations(writer, communities)
            builder.people(writer, owners)
            writer.flush()
        for start in range(0, len(owners), batch):
            with transaction.atomic():
                for owner in owners[start : start + batch]:
                    builder.plan(writer, owner)
                writer.flush()
            if progress is not None:
                progress(min(start + batch, len(owners)), len(owners))
        with transaction.atomic():
            writer.finish()
    finally:
        with_fk_triggers()
    if unchecked and (broken := orphans(MODELS)):
        raise RuntimeError(f"seed_scale wrote rows with dangling references: {broken}")
    analyze(MODELS)
    levels = [o.level for o in owners]
    return SeedResult(
        communities=levels.count("community"),
        districts=levels.count("district"),
        oblasts=levels.count("oblast"),
        seconds=time.perf_counter() - started,
        counts=writer.counts(),
    )


class CountryBuilder:
    def __init__(self, templates: dict, rng: random.Random, today: dt.date, prefix: str) -> None:
        self.templates = templates
        self.prefix = prefix
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.password = make_password(SCALE_PASSWORD)
        self.user_ids: dict[str, int] = {}

    # -- organisations and people ---------------------------------------------------------

    def organisations(self, writer: Writer, communities: int) -> list[Owner]:
        n_districts = max(1, round(communities * 136 / 1500))
        n_oblasts = min(n_districts, max(1, round(communities * 24 / 1500)))
        owners: list[Owner] = []
        oblasts = [
            self._org(writer, f"{OBLASTS[i % 24]} обласна державна адміністрація", OrgKind.OBLAST)
            for i in range(n_oblasts)
        ]
        owners += [Owner(*o, level="oblast", template="oblast") for o in oblasts]
        districts = []
        for i in range(n_districts):
            parent = oblasts[i % n_oblasts]
            name = f"{self._place(i)}ська районна державна адміністрація"
            districts.append(self._org(writer, name, OrgKind.DISTRICT, parent))
        owners += [Owner(*d, level="district", template="city") for d in districts]
        for i in range(communities):
            parent = districts[i % n_districts]
            kind = ("сільська", "селищна", "міська")[i % 3]
            name = f"{self._place(i + 7)}ська {kind} територіальна громада"
            org = self._org(writer, name, OrgKind.COMMUNITY, parent)
            template = "city" if kind == "міська" else "village"
            owners.append(Owner(*org, level="community", template=template))
        for owner in owners:
            self._departments(writer, owner)
        return owners

    def _place(self, i: int) -> str:
        stem = STEMS[i % len(STEMS)]
        prefix = PREFIXES[(i // len(STEMS)) % len(PREFIXES)]
        word = f"{prefix}{stem.lower()}" if prefix else stem
        rounds = i // (len(STEMS) * len(PREFIXES))
        return f"{word}{'-' + str(rounds + 1) if rounds else ''}"

    def _org(self, writer: Writer, name: str, kind: str, parent=None) -> tuple[int, str, str]:
        table = writer[Organization]
        org_id = table.reserve()
        path = f"{parent[2] if parent else ''}{org_id:06d}/"
        code = (
            f"UA{org_id:017d}"
            if kind in (OrgKind.OBLAST, OrgKind.DISTRICT, OrgKind.COMMUNITY)
            else ""
        )
        table.add(
            id=org_id,
            name=collapse(name)[:300],
            kind=kind,
            katottg=code,
            parent_id=parent[0] if parent else None,
            path=path,
            created_at=self.now,
        )
        return org_id, name, path

    def _departments(self, writer: Writer, owner: Owner) -> None:
        """The organisations the owner's plan names, as children of the owner."""
        for org in self.templates[owner.template].get("organizations", []):
            kind = IMPORTER_KINDS.get(str(org.get("kind") or "").lower(), OrgKind.OTHER)
            if org.get("by_consent") and kind == OrgKind.OTHER:
                kind = OrgKind.PARTNER
            dept_id, _name, _path = self._org(
                writer, org["name"], kind, (owner.org_id, owner.name, owner.path)
            )
            owner.departments[org["id"]] = dept_id

    def people(self, writer: Writer, owners: list[Owner]) -> None:
        self._user(writer, f"{self.prefix}-admin", superuser=True)
        counters = {"oblast": 0, "district": 0, "community": 0}
        for owner in owners:
            counters[owner.level] += 1
            n = counters[owner.level]
            if owner.level == "oblast":
                owner.coordinator_id = self._member(
                    writer, f"{self.prefix}-o{n}-coordinator", owner
                )
            elif owner.level == "district":
                self._member(writer, f"{self.prefix}-d{n}-reviewer", owner, Role.REVIEWER)
            else:
                owner.coordinator_id = self._member(
                    writer, f"{self.prefix}-c{n}-coordinator", owner
                )
                self._member(writer, f"{self.prefix}-c{n}-viewer", owner, Role.VIEWER)
                service = self._service(owner)
                self._member(
                    writer, f"{self.prefix}-c{n}-executor", owner, Role.EXECUTOR, org_id=service
                )

    def _service(self, owner: Owner) -> int:
        """The children's service (служба у справах дітей), else the first department."""
        for org in self.templates[owner.template].get("organizations", []):
            if "служба у справах дітей" in org["name"].casefold():
                return owner.departments[org["id"]]
        return next(iter(owner.departments.values()))

    def _member(self, writer, username, owner, role=Role.COORDINATOR, org_id=None) -> int:
        user_id = self._user(writer, username)
        writer[Membership].add(user_id=user_id, org_id=org_id or owner.org_id, role=role)
        return user_id

    def _user(self, writer: Writer, username: str, superuser: bool = False) -> int:
        user_id = writer[get_user_model()].add(
            username=username,
            email=f"{username}@example.org",
            password=self.password,
            is_superuser=superuser,
            is_staff=superuser,
            date_joined=self.now,
        )
        self.user_ids[username] = user_id
        return user_id

    # -- one plan ----------------------------------------------------------------------------

    def plan(self, writer: Writer, owner: Owner) -> int:
        template = self.templates[owner.template]
        shift = self.rng.choice((0, 0, 1)) if owner.level != "oblast" else 0
        period = template.get("period") or {}
        start, end = (period.get("start") or 2025) + shift, (period.get("end") or 2026) + shift
        title = f"{TITLES[owner.template].format(start=start, end=end)} ({owner.name})"
        plan_id = writer[Plan].reserve()
        revision_id = writer[PlanRevision].add(
            plan_id=plan_id,
            number=1,
            title=title,
            issuer=owner.name,
            approval_text=f"рішенням від 25.11.{start - 1} № {self.rng.randint(10, 999)}",
            approval_date=dt.date(start - 1, 11, 25),
            approval_number=str(self.rng.randint(10, 999)),
            period_start=start,
            period_end=end,
            columns=template.get("columns") or [],
            source_name=f"plan-{owner.org_id}.docx",
            source_format="docx",
            is_current=True,
            created_at=self.now,
        )
        writer[Plan].add(
            id=plan_id,
            owner_id=owner.org_id,
            title=title,
            current_revision_id=revision_id,
            is_public=True,  # as a real country's would be: the benches read the public pages
            created_at=self.now,
            updated_at=self.now,
        )
        measures = self._tree(writer, template, revision_id, shift)
        writer[AuditEntry].add(
            plan_id=plan_id,
            user_id=owner.coordinator_id,
            at=self.now,
            action=AuditAction.PUBLISHED,
            note=f"seed_scale → r1 ({len(measures)} measures)",
        )
        schedule = self._schedule(writer, plan_id, measures)
        self._monitoring(writer, plan_id, owner, measures, schedule, (start, end))
        return plan_id

    def _tree(self, writer: Writer, template: dict, revision_id: int, shift: int) -> list:
        node_ids: dict[str, int] = {}
        for position, (node, depth, parent) in enumerate(iter_nodes(template["nodes"]), 1):
            node_ids[node["uid"]] = writer[Node].add(
                revision_id=revision_id,
                parent_id=node_ids[parent["uid"]] if parent else None,
                kind=str(node.get("kind") or "")[:40],
                number=collapse(node.get("number"))[:40],
                title=collapse(node.get("title")),
                position=position,
                depth=depth,
            )
        measures = []
        for position, (m, node) in enumerate(measures_with_headings(template), 1):
            if self.rng.random() < 0.05:  # some plans leave a measure out
                continue
            measures.append(self._measure(writer, m, revision_id, node_ids[node["uid"]], position))
            self._shift(measures[-1], shift)
        for row in measures:
            self._write_measure(writer, row)
        return measures

    def _measure(self, writer, m: dict, revision_id: int, node_id: int, position: int):
        text = collapse(m.get("text"))
        if not ABOUT_REPORTING.search(text.casefold()):
            text = text + self.rng.choice(SUFFIXES)
        executors = list(m["executors"].get("organizations") or [])
        if len(executors) > 2 and self.rng.random() < 0.2:
            executors.pop(self.rng.randrange(len(executors)))
        deadline = dict(m.get("deadline") or {})
        return SimpleNamespace(
            id=writer[Measure].reserve(),
            m=m,
            revision_id=revision_id,
            node_id=node_id,
            position=position,
            text=text,
            deadline=deadline,
            executors=executors,
        )

    def _shift(self, row, years: int) -> None:
        """Move a measure's deadline by whole years (text, dates and reporting periods)."""
        if not years:
            return
        d = row.deadline
        d["text"] = re.sub(r"\b(20\d\d)\b", lambda x: str(int(x.group(1)) + years), d["text"])
        for key in ("start", "end"):
            if d.get(key):
                d[key] = f"{int(str(d[key])[:4]) + years}{str(d[key])[4:]}"
                if d[key][4:] == "-02-29":
                    d[key] = d[key][:4] + "-02-28"
        d["reporting_periods"] = [
            f"{int(q[:4]) + years}{q[4:]}" for q in d.get("reporting_periods") or []
        ]

    def _write_measure(self, writer: Writer, row) -> None:
        m, d = row.m, row.deadline
        executors_text = ", ".join(
            collapse(o["name"]) + (" (за згодою)" if o.get("by_consent") else "")
            for o in row.executors
        )
        number, indicator_text = collapse(m.get("number"))[:40], m["indicator"].get("text", "")
        search = " ".join(p for p in (number, row.text, executors_text, indicator_text) if p)
        writer[Measure].add(
            id=row.id,
            revision_id=row.revision_id,
            node_id=row.node_id,
            position=row.position,
            number=number,
            text=row.text,
            deadline_text=d.get("text", ""),
            deadline={k: v for k, v in d.items() if k != "text"},
            deadline_start=parse_date(d.get("start"), end=False),
            deadline_end=parse_date(d.get("end"), end=True),
            funding_text=m["funding"].get("text", ""),
            funding={k: v for k, v in m["funding"].items() if k != "text"},
            executors_text=executors_text,
            indicator_text=indicator_text,
            indicator={k: v for k, v in m["indicator"].items() if k != "text"},
            lines=m.get("lines") or [],
            warnings=m.get("warnings") or [],
            search_text=search.casefold(),
        )

    # -- monitoring --------------------------------------------------------------------------

    def _schedule(self, writer: Writer, plan_id: int, measures: list) -> SimpleNamespace:
        """What `schedule_for` would detect from the plan's text."""
        found: dict = {}
        notes = []
        for row in measures:
            text = row.text.casefold()
            if ABOUT_REPORTING.search(text):
                before = dict(found)
                read_measure(text, row.deadline, found)
                if found != before:
                    notes.append(f"{collapse(row.m.get('number'))} {row.text[:120]}".strip())
        schedule = ReportingSchedule(plan_id=plan_id)
        if found:
            from planwatch.monitoring.schedule import apply_detected

            found["note"] = " · ".join(notes)
            apply_detected(schedule, found)
        values = {f.attname: getattr(schedule, f.attname) for f in schedule._meta.concrete_fields}
        values.pop("id")
        values["updated_at"] = self.now
        writer[ReportingSchedule].add(**values)
        return SimpleNamespace(
            frequency=schedule.frequency,
            due_days=schedule.executor_due_days,
            partners=schedule.partners,
            source=ScheduleSource.PLAN if found else ScheduleSource.DEFAULT,
        )

    def _monitoring(self, writer, plan_id, owner, measures, schedule, years) -> None:
        plan_period = {"start": years[0], "end": years[1]}
        periods: dict[str, Period] = {}
        for row in measures:
            labels = measure_periods(row, schedule.frequency, plan_period)
            seen: set[int] = set()
            for index, org in enumerate(row.executors):
                org_id = owner.departments[org["id"]]
                if org_id in seen:
                    continue
                seen.add(org_id)
                writer[MeasureExecutor].add(
                    measure_id=row.id,
                    organization_id=org_id,
                    name=collapse(org.get("name"))[:300],
                    by_consent=bool(org.get("by_consent")),
                    position=index,
                )
                if org.get("by_consent") and schedule.partners == PartnerPolicy.NONE:
                    continue
                optional = bool(org.get("by_consent")) and (
                    schedule.partners == PartnerPolicy.OPTIONAL
                )
                for label in labels:
                    period = periods.get(label) or periods.setdefault(label, Period.parse(label))
                    self._expected_report(
                        writer, plan_id, row.id, org_id, period, optional, schedule
                    )

    def _expected_report(
        self, writer, plan_id, measure_id, org_id, period, optional, schedule
    ) -> None:
        due = period.end + dt.timedelta(days=schedule.due_days)
        expected_id = writer[ExpectedReport].add(
            plan_id=plan_id,
            measure_id=measure_id,
            organization_id=org_id,
            period=period.label,
            period_start=period.start,
            period_end=period.end,
            due_date=due,
            optional=optional,
            is_active=True,
        )
        if period.start > self.today:
            return
        if period.end >= self.today:
            mix = CURRENT_MIX
        elif (self.today - period.end).days > 200:
            mix = OLD_MIX
        else:
            mix = RECENT_MIX
        _w, state, outcome = self.rng.choices(mix, weights=[m[0] for m in mix])[0]
        if state is not None:
            self._report(writer, expected_id, due, state, outcome)

    def _report(self, writer, expected_id: int, due: dt.date, state: str, outcome: str) -> None:
        late = self.rng.random() < 0.15
        day = due + dt.timedelta(days=self.rng.randint(1, 20) if late else -self.rng.randint(0, 15))
        at = min(
            timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
            self.now - dt.timedelta(hours=1),
        )
        handed_in = state != ReportState.DRAFT
        accepted = state == ReportState.ACCEPTED
        report_id = writer[ExecutionReport].add(
            expected_id=expected_id,
            outcome=outcome,
            narrative=NARRATIVE[outcome],
            state=state,
            comment="Додайте кількісні показники." if state == ReportState.RETURNED else "",
            first_submitted_at=at if handed_in else None,
            submitted_at=at if handed_in else None,
            accepted_at=at + dt.timedelta(days=3) if accepted else None,
            created_at=at,
            updated_at=at,
        )
        if handed_in:
            writer[ReportEvent].add(report_id=report_id, action="submitted", note="", at=at)
        if state in (ReportState.ACCEPTED, ReportState.RETURNED):
            action = "accepted" if accepted else "returned"
            later = at + dt.timedelta(days=3)
            writer[ReportEvent].add(report_id=report_id, action=action, note="", at=later)
