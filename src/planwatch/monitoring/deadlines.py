"""Measure deadlines, not only reports: alerts before a one-off measure's deadline and when it
passes without an accepted report (part of the daily `send_reminders`).

A *one-off* measure has an end date and no recurrence (a recurring measure owes reports, which
`reminders.py` chases). For each active plan's current revision:

- ``deadline_soon``: the deadline is within `SOON_DAYS` (14) days → the measure's executors
  (executor role on the organisation or above it);
- ``deadline_passed``: the deadline passed in the last `reminders.AFTER_WINDOW_DAYS` days and
  no report on the measure has been accepted → its executors and the plan's coordinators.

One e-mail per recipient, plan and deadline day (measures ending the same day go together),
recorded under the unique key ``<kind>:<plan>:<deadline>:<user>`` before it is sent, with its
in-app notification — so it goes once, and a failed send is tried again (`reminders.deliver`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.urls import reverse

from planwatch.monitoring.models import ExpectedReport, ReminderKind, ReportState
from planwatch.monitoring.reminders import (
    AFTER_WINDOW_DAYS,
    RunResult,
    absolute,
    coordinators,
    deliver,
    executor_recipients,
)
from planwatch.plans.models import Measure, MeasureExecutor, PlanStatus

SOON_DAYS = 14


def one_off(measures):
    """Measures with an end date and no recurrence (the JSON is read in Python: portable)."""
    return [m for m in measures if not (m.deadline or {}).get("recurrence")]


def due_measures(today: dt.date):
    """(soon, passed): one-off measures of current revisions of active plans."""
    accepted = ExpectedReport.objects.filter(
        measure=OuterRef("pk"), report__state=ReportState.ACCEPTED
    )
    base = (
        Measure.objects.current()
        .filter(revision__plan__status=PlanStatus.ACTIVE)
        .select_related("revision__plan__owner")
        .order_by("deadline_end", "position")
    )
    soon = base.filter(deadline_end__gte=today, deadline_end__lte=today + dt.timedelta(SOON_DAYS))
    window = today - dt.timedelta(days=AFTER_WINDOW_DAYS)
    passed = base.filter(deadline_end__lt=today, deadline_end__gte=window).exclude(Exists(accepted))
    return one_off(soon), one_off(passed)


def run(today: dt.date, result: RunResult) -> RunResult:
    soon, passed = due_measures(today)
    links = defaultdict(list)
    for link in MeasureExecutor.objects.filter(
        measure__in=[m.pk for m in soon + passed]
    ).select_related("organization"):
        links[link.measure_id].append(link.organization)
    orgs = {o.pk: o for group in links.values() for o in group}
    recipients = executor_recipients(orgs.values())
    groups: dict[tuple, list] = defaultdict(list)
    for kind, measures in (
        (ReminderKind.DEADLINE_SOON, soon),
        (ReminderKind.DEADLINE_PASSED, passed),
    ):
        for m in measures:
            users = {u for o in links[m.pk] for u in recipients.get(o.pk, [])}
            if kind == ReminderKind.DEADLINE_PASSED:
                users |= set(coordinators(m.revision.plan))
            for user in users:
                groups[(kind, m.revision.plan, m.deadline_end, user)].append(m)
    for (kind, plan, day, user), items in groups.items():
        key = f"{kind}:{plan.pk}:{day.isoformat()}:{user.pk}"
        link = reverse("plans:detail", args=[plan.pk])
        context = {"plan": plan, "items": items, "day": day, "link": link, "url": absolute(link)}
        template = f"monitoring/email/{kind}"
        deliver(key, kind, plan, user, day.isoformat(), template, context, result)
    return result
