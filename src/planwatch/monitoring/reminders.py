"""E-mail reminders: executors before and after a due date, coordinators a weekly digest.

Run daily (`manage.py send_reminders`, from cron or a task queue). Two guards make it safe to
run twice, or twice at once:
- each schedule is claimed by moving its `next_reminder_date` / `next_digest_date` forward with
  a conditional UPDATE (optimistic lock): only the run whose UPDATE matched works on it;
- each e-mail is first recorded as a `Reminder` row with a unique key naming what it reminds
  about; a second attempt fails on the key and sends nothing.
"Before" goes once per executor and period, when the due date is within the schedule's
`remind_before_days`; "after" goes once per executor and period, for due dates in the last
AFTER_WINDOW_DAYS (so installing the app on an old plan does not send years of reminders).
Every e-mail sent also leaves an in-app Notification (its subject, a link to the page).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from planwatch.monitoring import stats
from planwatch.monitoring.models import (
    ExpectedReport,
    Notification,
    Reminder,
    ReminderKind,
    ReportingSchedule,
)
from planwatch.monitoring.periods import Period, latest_ended_or_first
from planwatch.orgs.models import EDITING_ROLES, Membership, Role
from planwatch.plans.models import Plan, PlanStatus

log = logging.getLogger(__name__)
AFTER_WINDOW_DAYS = 60
DIGEST_EVERY_DAYS = 7


@dataclass
class RunResult:
    plans: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    keys: list[str] = field(default_factory=list)


def run(today: dt.date) -> RunResult:
    result = RunResult()
    with translation.override(settings.LANGUAGE_CODE):
        for schedule in _due(today, "next_reminder_date"):
            if claim(schedule, "next_reminder_date", today + dt.timedelta(days=1)):
                result.plans += 1
                remind_executors(schedule, today, result)
        for schedule in _due(today, "next_digest_date"):
            if claim(schedule, "next_digest_date", today + dt.timedelta(days=DIGEST_EVERY_DAYS)):
                send_digest(schedule, today, result)
    return result


def _due(today: dt.date, column: str):
    due = Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lte": today})
    return ReportingSchedule.objects.filter(due, plan__status=PlanStatus.ACTIVE).select_related(
        "plan__owner"
    )


def claim(schedule: ReportingSchedule, column: str, new: dt.date) -> bool:
    """Optimistic lock: move `column` from the value we read to `new`; True if we won."""
    old = getattr(schedule, column)
    matched = ReportingSchedule.objects.filter(pk=schedule.pk, **{column: old})
    if old is None:
        matched = ReportingSchedule.objects.filter(pk=schedule.pk, **{f"{column}__isnull": True})
    won = matched.update(**{column: new}) == 1
    setattr(schedule, column, new)
    return won


def remind_executors(schedule: ReportingSchedule, today: dt.date, result: RunResult) -> None:
    plan = schedule.plan
    soon = today + dt.timedelta(days=schedule.remind_before_days)
    window = today - dt.timedelta(days=AFTER_WINDOW_DAYS)
    expected_reports = list(
        ExpectedReport.objects.counted()
        .filter(plan=plan, due_date__gte=window, due_date__lte=soon)
        .outstanding()
        .select_related("measure", "organization")
        .order_by("due_date", "measure__position")
    )
    groups: dict[tuple, list] = defaultdict(list)
    recipients = executor_recipients([s.organization for s in expected_reports])
    for expected in expected_reports:
        kind = ReminderKind.AFTER if expected.due_date < today else ReminderKind.BEFORE
        for user in recipients.get(expected.organization_id, []):
            groups[(kind, expected.period, user)].append(expected)
    for (kind, period, user), items in groups.items():
        key = f"{kind}:{plan.pk}:{period}:{user.pk}"
        context = {"plan": plan, "items": items, "user": user, "today": today, "kind": kind}
        context["period"] = Period.parse(period)
        context["link"] = reverse("monitoring:my_reports")
        context["url"] = absolute(context["link"])
        deliver(key, kind, plan, user, period, f"monitoring/email/{kind}", context, result)


def executor_recipients(orgs, need_email: bool = True) -> dict[int, list]:
    """{organization id: users with an executor role on it or above it} (one query).
    For e-mail only users with an address; in-app notifications reach everyone active."""
    orgs = {o.pk: o for o in orgs}
    prefixes = {o.path[: i + 7] for o in orgs.values() for i in range(0, len(o.path), 7)}
    members = Membership.objects.filter(role=Role.EXECUTOR, org__path__in=prefixes).select_related(
        "user", "org"
    )
    out: dict[int, list] = defaultdict(list)
    for m in members:
        if not (m.user.is_active and (m.user.email or not need_email)):
            continue
        for org in orgs.values():
            if org.path.startswith(m.org.path) and m.user not in out[org.pk]:
                out[org.pk].append(m.user)
    return out


def coordinators(plan: Plan, need_email: bool = True) -> list:
    """Coordinators and admins of the owner; if it has none, of the nearest body above."""
    chain = [*plan.owner.ancestors(), plan.owner]
    members = Membership.objects.filter(org__in=chain, role__in=EDITING_ROLES).select_related(
        "user", "org"
    )
    by_org: dict[int, list] = defaultdict(list)
    for m in members:
        if m.user.is_active and (m.user.email or not need_email) and m.user not in by_org[m.org_id]:
            by_org[m.org_id].append(m.user)
    for org in reversed(chain):
        if by_org.get(org.pk):
            return by_org[org.pk]
    return []


def send_digest(schedule: ReportingSchedule, today: dt.date, result: RunResult) -> None:
    plan = schedule.plan
    periods = stats.by_period(plan, today)
    label = latest_ended_or_first([p.label for p in periods], today)
    if label is None:
        return
    current = next(p for p in periods if p.label == label)
    executors = [e for e in stats.by_executor(plan, label, today) if e.overdue]
    year, week, _day = today.isocalendar()
    context = {
        "plan": plan,
        "period": Period.parse(label),
        "current": current,
        "executors": executors,
        "link": reverse("monitoring:dashboard", args=[plan.pk]) + f"?period={label}",
    }
    context["url"] = absolute(context["link"])
    for user in coordinators(plan):
        key = f"digest:{plan.pk}:{year}-W{week:02d}:{user.pk}"
        template = "monitoring/email/digest"
        deliver(key, ReminderKind.DIGEST, plan, user, label, template, context, result)


def deliver(key, kind, plan, user, period, template, context, result: RunResult) -> None:
    """Record, then send; a recorded key is never sent again. A failed send is forgotten so
    that the next run tries again."""
    try:
        with transaction.atomic():
            row = Reminder.objects.create(key=key, kind=kind, plan=plan, user=user, period=period)
    except IntegrityError:
        result.skipped += 1
        return
    context = {**context, "user": user}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # noqa: BLE001 — any transport error: forget the claim, retry next run
        log.exception("reminder %s could not be sent", key)
        row.delete()
        result.failed += 1
        return
    # The in-app copy, once the e-mail is out (a failed send is retried, and so is this).
    Notification.objects.create(user=user, kind=kind, text=subject, link=context.get("link", ""))
    result.sent += 1
    result.keys.append(key)


def absolute(path: str) -> str:
    base = getattr(settings, "PLANWATCH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + path
