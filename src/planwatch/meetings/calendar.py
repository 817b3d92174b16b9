"""A person's calendar feed (iCalendar): what they owe, on the dates it is due.

Three kinds of entries, each with a UID that stays the same between downloads, so a
calendar program updates an entry instead of adding it again:

- ``duty-<id>-<period>@planwatch``: a duty of a plan (`monitoring.duties`) for one period, an
  all-day VEVENT on its due date. Owed by the person when the duty names an organisation they
  have a role on (or below one they have); without one, the executors' reports are owed by
  the plan's executors and every other kind by the owner's coordinators. A working-group
  meeting already held for the period is left out.
- ``measure-<id>@planwatch``: the deadline of a one-off measure (no recurrence, an end date)
  that the person's organisation executes, an all-day VEVENT on that day.
- ``decision-<id>@planwatch``: an open meeting decision of their organisation, a VTODO due
  on its due date.

Entries due from 90 days ago to 400 days ahead; the feed is read without a login (the key in
the URL is the secret, `CalendarToken`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Todo

from planwatch.meetings.models import CalendarToken, Decision, DecisionStatus
from planwatch.monitoring.duties import duty_states, year_duties
from planwatch.monitoring.models import Duty, DutyKind
from planwatch.monitoring.reminders import absolute
from planwatch.orgs.access import Access, paths_q
from planwatch.plans.models import Measure, MeasureExecutor, PlanStatus

PAST_DAYS, AHEAD_DAYS = 90, 400


def feed_path(token: CalendarToken) -> str:
    return reverse("meetings:feed", args=[token.key])


def build(user, today: dt.date) -> bytes:
    """The feed of `user` as of `today` (bytes of a VCALENDAR)."""
    from django.conf import settings

    access = Access(user)
    window = (today - dt.timedelta(days=PAST_DAYS), today + dt.timedelta(days=AHEAD_DAYS))
    cal = Calendar()
    cal.add("prodid", "-//planwatch//calendar//UK")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "planwatch")
    stamp = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        for component in [
            *duty_entries(access, today, window),
            *measure_entries(access, window),
            *decision_entries(access, window),
        ]:
            component.add("dtstamp", stamp)
            cal.add_component(component)
    return cal.to_ical()


def owed_duties(access: Access):
    """The duties the person owes (see the module docstring), of active plans."""
    paths = [m.org.path for m in access.memberships]
    executing = MeasureExecutor.objects.filter(
        paths_q("organization__path", access.executor_paths),
        measure__revision__is_current=True,
    ).values("measure__revision__plan_id")
    owes = (
        Q(responsible__isnull=False) & paths_q("responsible__path", paths)
        | Q(responsible__isnull=True, kind=DutyKind.EXECUTOR_REPORTS, plan_id__in=executing)
        | Q(responsible__isnull=True)
        & ~Q(kind=DutyKind.EXECUTOR_REPORTS)
        & paths_q("plan__owner__path", access.editing_paths)
    )
    return Duty.objects.filter(owes, plan__status=PlanStatus.ACTIVE).select_related(
        "plan", "responsible"
    )


def duty_entries(access: Access, today: dt.date, window) -> list[Event]:
    by_plan = defaultdict(list)
    for duty in owed_duties(access):
        by_plan[duty.plan].append(duty)
    out = []
    years = range(window[0].year - 1, window[1].year + 1)
    for plan, duties in by_plan.items():
        rows = [r for y in years for r in year_duties(duties, y) if window[0] <= r[2] <= window[1]]
        for row in duty_states(plan, rows, today):
            if row["state"] == "met":
                continue
            duty, period = row["duty"], row["period"]
            event = _all_day(row["due"])
            event.add("uid", f"duty-{duty.pk}-{period.label}@planwatch")
            event.add("summary", f"{duty.get_kind_display()}: {period.title}")
            event.add("description", f"{plan.title}\n{duty.responsible_label}")
            event.add("url", absolute(reverse("monitoring:dashboard", args=[plan.pk])))
            out.append(event)
    return out


def measure_entries(access: Access, window) -> list[Event]:
    measures = (
        Measure.objects.current()
        .filter(
            revision__plan__status=PlanStatus.ACTIVE,
            deadline_end__gte=window[0],
            deadline_end__lte=window[1],
            pk__in=MeasureExecutor.objects.filter(
                paths_q("organization__path", access.executor_paths)
            ).values("measure_id"),
        )
        .select_related("revision__plan")
        .order_by("deadline_end", "pk")
    )
    out = []
    for m in measures:
        if (m.deadline or {}).get("recurrence"):
            continue  # recurring work has reports, not a deadline
        event = _all_day(m.deadline_end)
        event.add("uid", f"measure-{m.pk}@planwatch")
        event.add(
            "summary", _("Measure %(n)s deadline: %(text)s") % {"n": m.number, "text": m.text[:120]}
        )
        event.add("description", f"{m.revision.plan.title}\n{m.deadline_text}")
        event.add("url", absolute(reverse("plans:measure", args=[m.revision.plan_id, m.pk])))
        out.append(event)
    return out


def decision_entries(access: Access, window) -> list[Todo]:
    paths = [m.org.path for m in access.memberships]
    decisions = (
        Decision.objects.open()
        .owed_by(paths)
        .filter(due_date__gte=window[0], due_date__lte=window[1])
        .select_related("meeting__plan", "responsible")
        .order_by("due_date", "pk")
    )
    out = []
    for d in decisions:
        todo = Todo()
        todo.add("uid", f"decision-{d.pk}@planwatch")
        todo.add(
            "summary",
            _("Decision of the meeting of %(d)s: %(text)s")
            % {"d": f"{d.meeting.date:%d.%m.%Y}", "text": d.text[:120]},
        )
        todo.add("due", d.due_date)
        todo.add(
            "status", "IN-PROCESS" if d.status == DecisionStatus.IN_PROGRESS else "NEEDS-ACTION"
        )
        todo.add("description", f"{d.meeting.plan.title}\n{d.responsible.name}")
        todo.add("url", absolute(reverse("meetings:decision", args=[d.pk])))
        out.append(todo)
    return out


def _all_day(day: dt.date) -> Event:
    event = Event()
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event
