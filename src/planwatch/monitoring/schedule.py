"""A plan's schedule: the default (quarterly, 20 days), or what the plan itself prescribes.

Plans say how they are monitored in their own measures, usually in the last section
("VIII. Моніторинг …"): "підготовка щорічного підсумкового звіту … щороку (до 10 січня)",
"інформацію про стан виконання … щороку до 20 січня та 20 червня", "форми квартального та
річного звіту". The rule, applied to measures whose text speaks of reports or of monitoring
the plan's execution:

- "квартал…" in the text, or a quarterly recurrence → executors report quarterly;
- otherwise a half-yearly recurrence (two due days a year) → half-yearly, a yearly one → annual;
- a due day ("до 20 січня") on a measure about the executors' information sets their due days
  (days from the end of the period to that day); on a summary ("підсумков…", "узагальн…",
  "річн… звіт") it sets the coordinator's summary days.

Only the first measure that says something decides each value; the coordinator can change all of
it on the schedule page, after which the plan is no longer consulted.
"""

from __future__ import annotations

import datetime as dt
import re

from planwatch.monitoring.models import Frequency, ReportingSchedule
from planwatch.monitoring.models.schedule import ScheduleSource
from planwatch.plans.models import Measure, Plan, PlanRevision

ABOUT_REPORTING = re.compile(
    r"звіт|інформаці\w* про (?:стан|хід) виконання|моніторинг\w* (?:та оцінк\w* )?виконання"
)
SUMMARY = re.compile(r"підсумков|узагальн|річн\w* звіт")
RECURRENCE_TO_FREQUENCY = {
    "quarterly": Frequency.QUARTERLY,
    "half_yearly": Frequency.HALF_YEARLY,
    "annually": Frequency.ANNUAL,
}


def detect_schedule(revision: PlanRevision | None) -> dict:
    """{"frequency"?, "executor_due_days"?, "summary_due_days"?, "note"?} found in the plan."""
    found: dict = {}
    if revision is None:
        return found
    notes = []
    measures = Measure.objects.filter(revision=revision).only("number", "text", "deadline")
    for measure in measures.order_by("position"):
        text = measure.text.casefold()
        if not ABOUT_REPORTING.search(text):
            continue
        before = dict(found)
        read_measure(text, measure.deadline or {}, found)
        if found != before:
            notes.append(f"{measure.number} {measure.text[:120]}".strip())
    if notes:
        found["note"] = " · ".join(notes)
    return found


def read_measure(text: str, deadline: dict, found: dict) -> None:
    """What one reporting measure says about the schedule, into `found` (first one wins);
    the seeding of synthetic plans reads its measures the same way."""
    recurrence = deadline.get("recurrence")
    if "frequency" not in found:
        if "квартал" in text or recurrence == "quarterly":
            found["frequency"] = Frequency.QUARTERLY
        elif recurrence in ("half_yearly", "annually") and not SUMMARY.search(text):
            found["frequency"] = RECURRENCE_TO_FREQUENCY[recurrence]
    days = _days_after_period(deadline.get("due"))
    if days is None:
        return
    key = "summary_due_days" if SUMMARY.search(text) else "executor_due_days"
    found.setdefault(key, days)


def _days_after_period(due: object) -> int | None:
    """ "01-20" (20 January) → 20: days from the end of the period before it to the due day."""
    match = re.fullmatch(r"(\d{2})-(\d{2})", str(due or ""))
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    try:
        due_day = dt.date(2001, month, day)
    except ValueError:
        return None
    # The period ends on the last day of the quarter before the due month.
    quarter_end_month = ((month - 1) // 3) * 3
    end = dt.date(2000, 12, 31) if quarter_end_month == 0 else _last_day(2001, quarter_end_month)
    days = (due_day - end).days
    return days if 0 < days <= 120 else None


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def schedule_for(plan: Plan) -> ReportingSchedule:
    """The plan's schedule, created on first use from what the plan says (or the defaults)."""
    try:
        return plan.reporting_schedule
    except ReportingSchedule.DoesNotExist:
        pass
    schedule = ReportingSchedule(plan=plan)
    apply_detected(schedule, detect_schedule(plan.current_revision))
    schedule.save()
    return schedule


def apply_detected(schedule: ReportingSchedule, found: dict) -> None:
    if schedule.source == ScheduleSource.MANUAL or not found:
        return
    for field in ("frequency", "executor_due_days", "summary_due_days"):
        if field in found:
            setattr(schedule, field, found[field])
    if schedule.summary_due_days < schedule.executor_due_days:
        # e.g. the oblast plan's annual summary "до 10 січня" while executors report quarterly
        # within 20 days: the summary cannot precede the reports it sums up, so it waits.
        schedule.summary_due_days = schedule.executor_due_days + 15
    schedule.source = ScheduleSource.PLAN
    schedule.source_note = found.get("note", "")
