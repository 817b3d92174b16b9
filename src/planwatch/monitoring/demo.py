"""Demo reports for `load_demo`: every plan gets its expected reports, and the periods that
have ended get a believable mix of accepted, submitted, returned, draft and missing reports.

Deterministic (driven by the expected report's id), so a reload looks the same. The demo
executor ("executor") is given an executor role on the busiest executor organisation of its
community's plan, so that logging in as it shows a full to-do list.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from planwatch.monitoring.expected import sync_expected
from planwatch.monitoring.models import (
    ExecutionReport,
    ExpectedReport,
    Outcome,
    ReportEvent,
    ReportState,
)
from planwatch.orgs.models import Membership, Role
from planwatch.plans.models import Plan

NARRATIVES = {
    Outcome.DONE: "Захід виконано в повному обсязі; інформацію оприлюднено на сайті ради.",
    Outcome.IN_PROGRESS: "Проведено 2 робочі зустрічі, підготовлено проєкт порядку; робота триває.",
    Outcome.NOT_DONE: "Захід не виконано через відсутність фінансування у звітному періоді.",
    Outcome.POSTPONED: "Виконання перенесено на наступний квартал за рішенням виконкому.",
}
MIX = [
    (ReportState.ACCEPTED, Outcome.IN_PROGRESS),
    (ReportState.ACCEPTED, Outcome.DONE),
    (ReportState.ACCEPTED, Outcome.IN_PROGRESS),
    (ReportState.ACCEPTED, Outcome.DONE),
    (ReportState.SUBMITTED, Outcome.IN_PROGRESS),
    (ReportState.ACCEPTED, Outcome.NOT_DONE),
    (ReportState.RETURNED, Outcome.IN_PROGRESS),
    (ReportState.DRAFT, Outcome.IN_PROGRESS),
    (None, None),
    (ReportState.ACCEPTED, Outcome.POSTPONED),
]


def add_demo_reports(stdout=None, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    created = 0
    plans = list(
        Plan.objects.filter(current_revision__isnull=False).select_related("owner").order_by("pk")
    )
    for plan in plans:
        sync_expected(plan)
        created += _fill(plan, today)
    if plans:
        _give_demo_executor_work(plans)
    if stdout is not None:
        stdout.write(f"monitoring: {created} demo reports")
    return created


def _fill(plan: Plan, today: dt.date) -> int:
    expected_reports = ExpectedReport.objects.counted().filter(
        plan=plan, period_end__lt=today, report=None
    )
    reports, events = [], []
    with transaction.atomic():
        for expected in expected_reports:
            state, outcome = MIX[(expected.pk * 7 + expected.measure_id) % len(MIX)]
            if state is None:
                continue
            late = expected.pk % 7 == 0
            day = expected.due_date + dt.timedelta(days=5 if late else -(expected.pk % 9))
            at = timezone.make_aware(dt.datetime.combine(min(day, today), dt.time(10, 0)))
            reports.append(_report(expected, state, outcome, at))
        ExecutionReport.objects.bulk_create(reports, batch_size=500)
        for r in reports:
            if r.state != ReportState.DRAFT:
                events.append(
                    ReportEvent(report=r, action=ReportEvent.Action.SUBMITTED, at=r.submitted_at)
                )
        ReportEvent.objects.bulk_create(events, batch_size=500)
    return len(reports)


def _report(expected, state, outcome, at) -> ExecutionReport:
    handed_in = state != ReportState.DRAFT
    return ExecutionReport(
        expected=expected,
        state=state,
        outcome=outcome,
        narrative=NARRATIVES[outcome],
        first_submitted_at=at if handed_in else None,
        submitted_at=at if handed_in else None,
        accepted_at=at + dt.timedelta(days=3) if state == ReportState.ACCEPTED else None,
        comment="Додайте кількісні показники та підтвердні документи."
        if state == ReportState.RETURNED
        else "",
    )


def _give_demo_executor_work(plans: list[Plan]) -> None:
    """Let the demo executor also report for the busiest executor of a plan of its community
    (sample plans name their executors in words that rarely match the demo organisations)."""
    user = get_user_model().objects.filter(username="executor").first()
    if user is None:
        return
    own = [m.org for m in user.memberships.select_related("org")]
    mine = [p for p in plans if any(o.path.startswith(p.owner.path) for o in own)] or plans[:1]
    busiest = (
        ExpectedReport.objects.filter(plan__in=mine)
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is not None:
        Membership.objects.get_or_create(
            user=user, org_id=busiest["organization_id"], role=Role.EXECUTOR
        )
