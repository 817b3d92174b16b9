"""A plan's duties, kept in line with the plan: read on publish, the schedule as the default.

`sync_duties(plan, reread=True)` runs when a plan (or a new revision) is published
(`signals.py`): it reads the approving order above the table (kept in the import's
``unplaced`` texts: the plan JSON has no other home for it) and the measures of the current
revision with `duty_rules.read_duties`, replaces the duties read earlier that nobody confirmed,
and keeps confirmed and hand-made ones. Where no duty of executors' reports was read, the
schedule's frequency and executor days make one (today's behaviour, marked as the default).

`summary_due(plan, period, duties)` is the one place the coordinator's summary date is
computed: the summary duty covering the period, else the schedule's summary days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from planwatch.monitoring import duty_rules
from planwatch.monitoring.models import Duty, DutyKind, ReportingSchedule
from planwatch.monitoring.models.duties import SUMMARY_KINDS, DueRule
from planwatch.monitoring.periods import Period, periods_in_year
from planwatch.monitoring.schedule import schedule_for
from planwatch.plans.models import ImportDraft, Measure, MeasureExecutor, Plan


def plan_texts(plan: Plan) -> tuple[list[str], list[dict]]:
    """(texts above/around the table, measures as {number, text, deadline, executors})."""
    revision = plan.current_revision
    if revision is None:
        return [], []
    doc = (
        ImportDraft.objects.filter(published_revision=revision)
        .values_list("document", flat=True)
        .first()
    ) or {}
    preamble = [str(u.get("text") or "") for u in doc.get("unplaced") or [] if isinstance(u, dict)]
    rows = Measure.objects.filter(revision=revision).order_by("position")
    measures = [
        {"number": n, "text": t, "deadline": d, "executors": e}
        for n, t, d, e in rows.values_list("number", "text", "deadline_text", "executors_text")
    ]
    return preamble, measures


def sync_duties(plan: Plan, reread: bool = True) -> list[Duty]:
    """Bring the plan's duties in line (see top); returns them in order."""
    with transaction.atomic():
        schedule = schedule_for(plan)
        if reread:
            Duty.objects.filter(plan=plan, from_plan=True, confirmed=False).delete()
            kept = list(Duty.objects.filter(plan=plan))
            found = duty_rules.read_duties(*plan_texts(plan))
            _create_read(plan, found, kept)
        _default_executor_duty(plan, schedule)
        return list(Duty.objects.filter(plan=plan).select_related("responsible"))


def _create_read(plan: Plan, found: list[dict], kept: list[Duty]) -> None:
    orgs = _executor_orgs(plan)
    same = {(d.kind, d.frequency, d.due_rule, d.due_days, d.due_day, d.due_month) for d in kept}
    rows = []
    for item in found:
        key = tuple(item[k] for k in ("kind", "frequency", "due_rule", "due_days", "due_day"))
        if (*key, item["due_month"]) in same:
            continue  # a person confirmed this one already
        name = item.get("responsible_name") or ""
        rows.append(
            Duty(
                plan=plan,
                kind=item["kind"],
                frequency=item["frequency"],
                due_rule=item["due_rule"],
                due_days=item["due_days"],
                due_day=item["due_day"],
                due_month=item["due_month"],
                responsible_id=orgs.get(" ".join(name.split()).casefold()),
                responsible_name=name[:300],
                source_text=item["source_text"],
                from_plan=True,
            )
        )
    Duty.objects.bulk_create(rows)


def _executor_orgs(plan: Plan) -> dict[str, int]:
    """{name folded: organisation id} of the plan's executors and its owner."""
    links = MeasureExecutor.objects.filter(measure__revision=plan.current_revision_id)
    names = dict(links.values_list("organization__name", "organization_id"))
    names[plan.owner.name] = plan.owner_id
    return {" ".join(n.split()).casefold(): pk for n, pk in names.items()}


def _default_executor_duty(plan: Plan, schedule: ReportingSchedule) -> None:
    """The schedule as a duty where the plan names none; it follows the schedule until a person
    confirms or edits it."""
    duties = Duty.objects.filter(plan=plan, kind=DutyKind.EXECUTOR_REPORTS)
    wanted = {
        "frequency": schedule.frequency,
        "due_rule": DueRule.DAYS_AFTER,
        "due_days": schedule.executor_due_days,
        "due_day": None,
        "due_month": None,
    }
    default = duties.filter(from_plan=False, confirmed=False, source_text="").first()
    if duties.exclude(pk=getattr(default, "pk", None)).exists():
        if default is not None:
            default.delete()
        return
    if default is None:
        Duty.objects.create(plan=plan, kind=DutyKind.EXECUTOR_REPORTS, **wanted)
    elif any(getattr(default, k) != v for k, v in wanted.items()):
        Duty.objects.filter(pk=default.pk).update(**wanted)


def duties_for(plan: Plan) -> list[Duty]:
    """The plan's duties; a plan published before duties existed gets them on first use."""
    duties = list(Duty.objects.filter(plan=plan).select_related("responsible"))
    return duties or sync_duties(plan)


def duty_period(duty: Duty, day: dt.date) -> Period:
    """The duty's period that contains `day`."""
    return next(p for p in periods_in_year(day.year, duty.frequency) if p.contains(day))


def year_duties(duties: list[Duty], year: int) -> list[tuple[Duty, Period, dt.date]]:
    """(duty, period, due date) for every period of `year`, ordered by due date."""
    rows = [(d, p, d.due_date(p)) for d in duties for p in periods_in_year(year, d.frequency)]
    return sorted(rows, key=lambda r: (r[2], r[1].label, r[0].pk))


def upcoming(duties: list[Duty], today: dt.date, limit: int = 5) -> list[tuple]:
    """The next (duty, period, due date) rows due on or after `today`, soonest first: the
    periods of last year (a January due day is for the year before), this year and next."""
    rows = [r for y in (today.year - 1, today.year) for r in year_duties(duties, y)]
    rows = [r for r in rows if r[2] >= today]
    return sorted(rows, key=lambda r: (r[2], r[1].label, r[0].pk))[:limit]


def summary_due(plan: Plan, period: Period, duties: list[Duty] | None = None):
    """(due date, summary duty or None) of the coordinator's summary covering `period`: the
    earliest summary duty's date for the duty period holding the period's end, else the
    schedule's summary days (the default before a plan says otherwise)."""
    duties = duties_for(plan) if duties is None else duties
    options = [
        (d.due_date(duty_period(d, period.end)), d) for d in duties if d.kind in SUMMARY_KINDS
    ]
    if options:
        return min(options, key=lambda o: (o[0], o[1].pk))
    return plan.reporting_schedule.summary_date(period), None


# What shows a duty's period as met, by duty kind: an app that records it registers a function
# (plan, [(duty, period, due)]) -> {(duty pk, period label): path of what met it}. The meetings
# register answers for working-group meetings (`meetings.duties`). A kind nobody answers for
# has no "met" state (None), as before.
FULFILMENT: dict[str, Callable[[Plan, list[tuple]], dict[tuple[int, str], str]]] = {}


def duty_states(plan: Plan, rows: list[tuple], today: dt.date) -> list[dict]:
    """Each (duty, period, due) row with ``met`` (a path, "" or None when nobody can tell)
    and ``state``: "met", "owed" (past due, not met), "due" (not yet due) or "" (untracked)."""
    met: dict[tuple[int, str], str] = {}
    for kind, find in FULFILMENT.items():
        mine = [r for r in rows if r[0].kind == kind]
        if mine:
            met.update(find(plan, mine))
    out = []
    for duty, period, due in rows:
        tracked = duty.kind in FULFILMENT
        link = met.get((duty.pk, period.label))
        state = (
            "" if not tracked else "met" if link is not None else "owed" if due < today else "due"
        )
        out.append({"duty": duty, "period": period, "due": due, "met": link, "state": state})
    return out
