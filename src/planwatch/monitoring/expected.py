"""Expected reports are computed from the plan, never typed.

The rule: every measure of the plan's current revision owes a report for each period of the
schedule that its normalised deadline covers (`deadline.reporting_periods`, quarters folded
into half-years or years for slower schedules), from each executor organisation linked to it.
Partners "за згодою" follow the schedule's partner policy (optional by default: their reports
are welcome but not counted in completeness). The due date is the period's end plus the
schedule's `executor_due_days`.

`sync_expected` brings the table in line with that rule after any change to the plan or its
schedule; it is also safe to run at any time (the reminder command does, as a safety net).
A report follows its measure into a new revision of the plan (via `Measure.previous`), so an
amendment does not lose what executors already wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from planwatch.importer.normalize.periods import reporting_periods
from planwatch.monitoring.models import (
    ExecutionReport,
    ExpectedReport,
    PartnerPolicy,
    ReportingSchedule,
)
from planwatch.monitoring.periods import Period, fold_quarter
from planwatch.monitoring.schedule import apply_detected, detect_schedule, schedule_for
from planwatch.plans.models import Measure, MeasureExecutor, Plan


@dataclass
class DueReport:
    period: Period
    optional: bool


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    deleted: int = 0


def measure_periods(measure: Measure, frequency: str, plan_period: dict) -> list[str]:
    """The schedule's periods the measure owes a report for, in order."""
    deadline = measure.deadline or {}
    if "reporting_periods" in deadline:
        quarters = deadline.get("reporting_periods") or []
    else:  # rows published before the importer wrote reporting_periods
        quarters = reporting_periods(deadline, plan_period)
    labels = [fold_quarter(q, frequency) for q in quarters]
    return list(dict.fromkeys(label for label in labels if label))


def desired_reports(plan: Plan, schedule: ReportingSchedule) -> dict[tuple, DueReport]:
    """{(measure_id, organization_id, period label): DueReport} for the current revision."""
    revision = plan.current_revision
    if revision is None:
        return {}
    plan_period = {"start": revision.period_start, "end": revision.period_end}
    links: dict[int, list[MeasureExecutor]] = {}
    for link in MeasureExecutor.objects.filter(measure__revision=revision):
        links.setdefault(link.measure_id, []).append(link)
    wanted: dict[tuple, DueReport] = {}
    for measure in Measure.objects.filter(revision=revision).only("id", "deadline"):
        labels = measure_periods(measure, schedule.frequency, plan_period)
        for link in links.get(measure.pk, []):
            if link.by_consent and schedule.partners == PartnerPolicy.NONE:
                continue
            optional = link.by_consent and schedule.partners == PartnerPolicy.OPTIONAL
            for label in labels:
                key = (measure.pk, link.organization_id, label)
                wanted[key] = DueReport(Period.parse(label), optional)  # type: ignore[arg-type]
    return wanted


def ensure_monitored(plan: Plan) -> ReportingSchedule:
    """Plans published before monitoring was installed get their expected reports on first
    visit (afterwards every plan change recomputes them)."""
    try:
        return plan.reporting_schedule
    except ReportingSchedule.DoesNotExist:
        sync_expected(plan)
        return ReportingSchedule.objects.get(plan=plan)


def sync_expected(plan: Plan) -> SyncResult:
    """Create, update, deactivate or delete ExpectedReport rows to match the plan (see top)."""
    with transaction.atomic():
        schedule = schedule_for(plan)
        _refresh_detected(schedule, plan)
        wanted = desired_reports(plan, schedule)
        has_report = Exists(ExecutionReport.objects.filter(expected=OuterRef("pk")))
        existing = {
            (e.measure_id, e.organization_id, e.period): e
            for e in ExpectedReport.objects.filter(plan=plan).annotate(has_report=has_report)
        }
        _carry_forward(wanted, existing)
        return _apply(plan, schedule, wanted, existing)


def _refresh_detected(schedule: ReportingSchedule, plan: Plan) -> None:
    """A new revision may prescribe another schedule; a coordinator's own choice stays."""
    before = (schedule.frequency, schedule.executor_due_days, schedule.summary_due_days)
    apply_detected(schedule, detect_schedule(plan.current_revision))
    after = (schedule.frequency, schedule.executor_due_days, schedule.summary_due_days)
    if before != after:
        schedule.save()


def _carry_forward(wanted: dict, existing: dict) -> None:
    """Re-point rows of a measure's previous version at the measure that replaced it."""
    missing = [key for key in wanted if key not in existing]
    if not missing:
        return
    previous = dict(
        Measure.objects.filter(pk__in={k[0] for k in missing}, previous__isnull=False).values_list(
            "pk", "previous_id"
        )
    )
    moved = []
    for key in missing:
        old_key = (previous.get(key[0]), key[1], key[2])
        row = existing.get(old_key)
        if row is not None and row.has_report:
            row.measure_id = key[0]
            existing[key] = existing.pop(old_key)
            moved.append(row)
    ExpectedReport.objects.bulk_update(moved, ["measure"])


def _apply(plan, schedule, wanted: dict, existing: dict) -> SyncResult:
    result = SyncResult()
    new, changed = [], []
    for key, want in wanted.items():
        due = schedule.due_date(want.period)
        row = existing.get(key)
        if row is None:
            new.append(_new_row(plan, key, want, due))
        elif (row.due_date, row.optional, row.is_active) != (due, want.optional, True):
            row.due_date, row.optional, row.is_active = due, want.optional, True
            changed.append(row)
    stale = [row for key, row in existing.items() if key not in wanted]
    keep = [r.pk for r in stale if r.has_report and r.is_active]
    drop = [r.pk for r in stale if not r.has_report]
    ExpectedReport.objects.bulk_create(new, batch_size=500)
    ExpectedReport.objects.bulk_update(changed, ["due_date", "optional", "is_active"], 500)
    ExpectedReport.objects.filter(pk__in=keep).update(is_active=False)
    ExpectedReport.objects.filter(pk__in=drop).delete()
    result.created, result.updated = len(new), len(changed)
    result.deactivated, result.deleted = len(keep), len(drop)
    return result


def _new_row(plan, key: tuple, want: DueReport, due) -> ExpectedReport:
    measure_id, organization_id, label = key
    return ExpectedReport(
        plan=plan,
        measure_id=measure_id,
        organization_id=organization_id,
        period=label,
        period_start=want.period.start,
        period_end=want.period.end,
        due_date=due,
        optional=want.optional,
    )
