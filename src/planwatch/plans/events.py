"""Plan-wide events (`PlanEvent`): which measures wait for one, and their dates once it has one.

The rule, measure by measure (current revisions only):

- a measure is *linked* to an event when its normalised deadline has a ``condition`` (the
  importer's word for "waits for an event"), no dates of its own (or dates an event gave it),
  and every word of the event's ``match`` (stems, e.g. "воєнн стан") is in the condition.
  The plan's own events are tried before its owner's and those above it;
- when the event has a date, the measure's deadline runs from the event to the event plus
  the condition's term: "протягом трьох місяців після …" → date … date + 3 months;
  "після …" without a term → from the date to the end of the plan period;
  "до …" (before the event) → from the start of the plan period to the date. Its reporting
  periods follow (`importer.normalize.periods`), and so do its expected reports;
- without a date (or once it is cleared) the measure is back to what the importer made: a
  condition, no dates, no reporting periods.

The dated value keeps the cell's ``condition`` and says where its dates came from:
``deadline["event"] = {"id", "name", "date"}``. `refresh_plan` is idempotent and runs on
every plan change (monitoring's signal calls it before the expected reports are recomputed),
so a measure edit that re-reads the cell gets its dates back.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.db import transaction

from planwatch.importer.normalize.periods import reporting_periods
from planwatch.importer.normalize.text import fold
from planwatch.plans.models import AuditAction, AuditEntry, Measure, Plan
from planwatch.plans.models.events import EventMeasure, PlanEvent

# Known events: offered when a coordinator adds one (name, match words).
KNOWN_EVENTS = (
    ("Припинення (скасування) воєнного стану", "воєнн стан"),
    ("Деокупація території громади", "деокупац"),
)
_NUMBERS = (
    ("дванадцят", 12),
    ("одинадцят", 11),
    ("десят", 10),
    ("дев'ят", 9),
    ("девят", 9),
    ("восьм", 8),
    ("вісім", 8),
    ("сім", 7),
    ("сем", 7),
    ("шіст", 6),
    ("шест", 6),
    ("п'ят", 5),
    ("пят", 5),
    ("чотир", 4),
    ("трьох", 3),
    ("три", 3),
    ("двох", 2),
    ("два", 2),
    ("дві", 2),
    ("одн", 1),
)
_TERM = re.compile(
    r"(?:протягом|впродовж|упродовж|через|у строк|в строк|не пізніше)\s+"
    r"(?:(?:ніж|як)\s+)?(?:через\s+)?(?:(\d{1,3}|[а-яіїєґ']+)\s+)?"
    r"(?:календарних\s+|робочих\s+)?(місяц|дн|тиж|рок|року|рік)"
)
_BEFORE = re.compile(r"(?<![а-яіїєґ])до (?:моменту |дня |дати )?(?:припиненн|скасуванн|завершенн)")


def refers_to(condition: str, match: str) -> bool:
    """Every word of `match` starts a word of the condition (both folded)."""
    words = fold(match).split()
    text = fold(condition)
    return bool(words) and all(re.search(rf"(?<![а-яіїєґa-z]){re.escape(w)}", text) for w in words)


def term(condition: str) -> tuple[int, int] | None:
    """(months, days) the condition allows after the event, or None when it names no term."""
    m = _TERM.search(fold(condition))
    if m is None:
        return None
    count = _count(m.group(1))
    unit = m.group(2)
    if unit.startswith("місяц"):
        return count, 0
    if unit.startswith("р"):
        return 12 * count, 0
    if unit.startswith("тиж"):
        return 0, 7 * count
    return 0, count


def _count(word: str | None) -> int:
    if not word:
        return 1  # "протягом місяця"
    if word.isdigit():
        return int(word)
    return next((n for stem, n in _NUMBERS if word.startswith(stem)), 1)


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def dated_span(condition: str, date: dt.date, period: dict) -> tuple[dt.date, dt.date]:
    """(start, end) of a measure waiting for an event that happened on `date` (see top)."""
    folded = fold(condition)
    found = term(condition)
    if _BEFORE.search(folded) and "після" not in folded:
        first = period.get("start") or date.year
        return min(dt.date(first, 1, 1), date), date
    if found is not None:
        months, days = found
        return date, add_months(date, months) + dt.timedelta(days=days)
    last = period.get("end") or date.year
    return date, max(dt.date(last, 12, 31), date)


def waits_for_event(deadline: dict) -> bool:
    """A conditional cell without dates of its own (or with the dates an event gave it)."""
    return bool(deadline.get("condition")) and (not deadline.get("start") or "event" in deadline)


def dated_deadline(deadline: dict, event: PlanEvent | None, period: dict) -> dict:
    """The measure's deadline value with the event's dates, or back without them."""
    value = {k: v for k, v in deadline.items() if k != "event"}
    if event is None or event.date is None:
        value.update(start=None, end=None, reporting_periods=[])
        return value
    start, end = dated_span(value["condition"], event.date, period)
    value.update(start=start.isoformat(), end=end.isoformat())
    value["event"] = {"id": event.pk, "name": event.name, "date": event.date.isoformat()}
    value["reporting_periods"] = reporting_periods(value, period)
    return value


def events_for(plan: Plan) -> list[PlanEvent]:
    """The plan's own events first, then its owner's, then those above (nearest first)."""
    events = list(PlanEvent.objects.for_plan(plan).select_related("organization"))
    return sorted(
        events,
        key=lambda e: (e.plan_id is None, -len(e.organization.path) if e.organization else 0),
    )


def refresh_plan(plan: Plan) -> int:
    """Link the current revision's conditional measures to their events and give them (or
    take back) the events' dates. Returns how many measures changed. Idempotent."""
    if plan.current_revision_id is None:
        return 0
    revision = plan.current_revision
    period = {"start": revision.period_start, "end": revision.period_end}
    events = events_for(plan)
    measures = Measure.objects.filter(revision_id=plan.current_revision_id).only(
        "id", "deadline", "deadline_start", "deadline_end", "revision_id"
    )
    wanted: dict[int, PlanEvent] = {}
    changed: list[Measure] = []
    for m in measures:
        deadline = m.deadline if isinstance(m.deadline, dict) else {}
        if not waits_for_event(deadline):
            continue
        event = next((e for e in events if refers_to(deadline["condition"], e.match)), None)
        if event is not None:
            wanted[m.pk] = event
        if event is None and "event" not in deadline:
            continue
        value = dated_deadline(deadline, event, period)
        if value != deadline:
            m.deadline = value
            m.deadline_start = _date(value.get("start"))
            m.deadline_end = _date(value.get("end"))
            changed.append(m)
    with transaction.atomic():
        _relink(plan, wanted)
        Measure.objects.bulk_update(changed, ["deadline", "deadline_start", "deadline_end"])
    return len(changed)


def _relink(plan: Plan, wanted: dict[int, PlanEvent]) -> None:
    have = {
        link.measure_id: link for link in EventMeasure.objects.filter(measure__revision__plan=plan)
    }
    stale = [link.pk for mid, link in have.items() if mid not in wanted]
    EventMeasure.objects.filter(pk__in=stale).delete()
    moved = []
    for mid, event in wanted.items():
        link = have.get(mid)
        if link is not None and link.event_id != event.pk:
            link.event = event
            moved.append(link)
    EventMeasure.objects.bulk_update(moved, ["event"])
    EventMeasure.objects.bulk_create(
        [EventMeasure(event=e, measure_id=mid) for mid, e in wanted.items() if mid not in have]
    )


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def plans_of(event: PlanEvent):
    """The plans an event reaches: its plan, or every plan of its organisation and below."""
    if event.plan_id:
        return Plan.objects.filter(pk=event.plan_id)
    return Plan.objects.filter(owner__path__startswith=event.organization.path)


def set_date(event: PlanEvent, date: dt.date | None, user) -> list[Plan]:
    """Give the event a date (or clear it): the plans it reaches are refreshed and each gets
    an audit entry, which recomputes their expected reports (monitoring's signal)."""
    before = event.date
    with transaction.atomic():
        event.date, event.updated_by = date, user if getattr(user, "is_authenticated", 0) else None
        event.save(update_fields=["date", "updated_by", "updated_at"])
        touched = []
        for plan in (
            plans_of(event)
            .filter(current_revision__isnull=False)
            .select_related("owner", "current_revision")
        ):
            refresh_plan(plan)
            if EventMeasure.objects.filter(event=event, measure__revision__plan=plan).exists():
                changes = {f"event:{event.name}": [_iso(before), _iso(date)]}
                AuditEntry.record(plan, user, AuditAction.PLAN_EDITED, changes=changes)
                touched.append(plan)
    return touched


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def create_event(*, plan=None, organization=None, name: str, match: str, user=None) -> PlanEvent:
    """A new event; the plans it reaches are linked at once (no dates yet)."""
    event = PlanEvent.objects.create(
        plan=plan, organization=organization, name=name, match=match, updated_by=user
    )
    for p in (
        plans_of(event)
        .filter(current_revision__isnull=False)
        .select_related("owner", "current_revision")
    ):
        refresh_plan(p)
    return event
