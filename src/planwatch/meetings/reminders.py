"""Overdue meeting decisions, chased by the daily `send_reminders` like overdue reports.

A decision past its due date (in the last `AFTER_WINDOW_DAYS`) and neither done nor cancelled
→ one e-mail (and its in-app notification) to the responsible organisation's executors and the
plan's coordinators, once: the key ``dec_late:<decision>:<user>`` is recorded before sending.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from planwatch.meetings.models import Decision
from planwatch.monitoring.models import ReminderKind
from planwatch.monitoring.reminders import (
    AFTER_WINDOW_DAYS,
    RunResult,
    absolute,
    coordinators,
    deliver,
    executor_recipients,
)
from planwatch.plans.models import PlanStatus


def run(today: dt.date, result: RunResult) -> RunResult:
    window = today - dt.timedelta(days=AFTER_WINDOW_DAYS)
    decisions = list(
        Decision.objects.overdue(today)
        .filter(due_date__gte=window, meeting__plan__status=PlanStatus.ACTIVE)
        .select_related("meeting__plan__owner", "responsible")
    )
    recipients = executor_recipients([d.responsible for d in decisions])
    for decision in decisions:
        plan = decision.meeting.plan
        users = {*recipients.get(decision.responsible_id, []), *coordinators(plan)}
        link = reverse("meetings:decision", args=[decision.pk])
        context = {"plan": plan, "decision": decision, "link": link, "url": absolute(link)}
        for user in sorted(users, key=lambda u: u.pk):
            key = f"{ReminderKind.DECISION_OVERDUE}:{decision.pk}:{user.pk}"
            period = decision.due_date.isoformat()
            template = "monitoring/email/dec_late"
            deliver(
                key, ReminderKind.DECISION_OVERDUE, plan, user, period, template, context, result
            )
    return result
