"""Working-group meetings as a duty: a period's meeting duty is met once a meeting of the plan
for that period is in the register.

A meeting counts for a duty's period when its `period` lies within it (a "2025-Q3" meeting
meets the quarterly duty of 2025-Q3 and a half-yearly one of 2025-H2), or, without a period,
when its date does. Registered with `monitoring.duties.FULFILMENT` when the app loads.
"""

from __future__ import annotations

from django.db.models import Q

from planwatch.monitoring.models import DutyKind
from planwatch.monitoring.periods import Period
from planwatch.plans.models import Plan


def register() -> None:
    from planwatch.monitoring import duties

    duties.FULFILMENT[DutyKind.WORKING_GROUP] = meetings_met


def meetings_met(plan: Plan, rows: list[tuple]) -> dict[tuple[int, str], str]:
    """{(duty pk, period label): the meeting's path} for the rows a meeting meets (one query)."""
    from planwatch.meetings.models import Meeting

    if not rows:
        return {}
    first = min(r[1].start for r in rows)
    last = max(r[1].end for r in rows)
    window = Q(date__gte=first, date__lte=last) | ~Q(period="")
    meetings = list(Meeting.objects.filter(window, plan=plan).order_by("date", "pk"))
    out: dict[tuple[int, str], str] = {}
    for duty, period, _due in rows:
        for meeting in meetings:
            if covers(period, meeting):
                out[(duty.pk, period.label)] = meeting.get_absolute_url()
                break
    return out


def covers(period: Period, meeting) -> bool:
    own = Period.parse(meeting.period) if meeting.period else None
    if own is not None:
        return period.start <= own.start and own.end <= period.end
    return period.contains(meeting.date)


def owed(plan: Plan, today, duties=None) -> list[dict]:
    """The plan's meeting duties of this year and last (within the plan's period) that are
    past due and not met."""
    from planwatch.monitoring.duties import duties_for, duty_states, year_duties

    listed = duties_for(plan) if duties is None else duties
    listed = [d for d in listed if d.kind == DutyKind.WORKING_GROUP]
    revision = plan.current_revision
    first = getattr(revision, "period_start", None) or today.year - 1
    last = getattr(revision, "period_end", None) or today.year
    years = [y for y in (today.year - 1, today.year) if first <= y <= last]
    rows = [r for y in years for r in year_duties(listed, y)]
    return [r for r in duty_states(plan, rows, today) if r["state"] == "owed"]
