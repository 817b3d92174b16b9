"""Approval up the chain: a plan's period summary goes from its own body to the body above.

As DHIS2 approves data per organisation unit and period: the plan's **own body** (the deepest
community / district / oblast / city at or above its owner) submits a period ("2025-Q3",
"2025-H2", "2025"); coordinators of the **direct upper body** (the nearest district / oblast /
city above it — never one further up, never a neighbour) accept it or return it with a
comment; an accepted period **locks** the plan's execution reports inside it (no save, submit
or review: `PeriodLocked`) until the upper body reopens it with a reason. Every step is an
`ApprovalEvent` and a notification to the other side (`Notification`, kind "approval").

Rules a submission must meet: the body has an upper level; the period has ended; no report of
the period waits for the coordinator's own review (accept or return those first — an accepted
period could not review them any more). Who may do what: `planwatch.monitoring.access`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwatch.lib.versioning import parse_version
from planwatch.monitoring.models import (
    Approval,
    ApprovalEvent,
    ApprovalState,
    ExpectedReport,
    Notification,
    NotificationKind,
    ReportState,
)
from planwatch.monitoring.models.reports import WorkflowError
from planwatch.monitoring.periods import Period
from planwatch.orgs.models import EDITING_ROLES, UNIT_KINDS, Membership, Organization
from planwatch.plans.models import Plan

RESUBMITTABLE = (ApprovalState.RETURNED, ApprovalState.REOPENED)
# action → (state it starts from, state it leaves, event)
DECISIONS = {
    "accept": (ApprovalState.SUBMITTED, ApprovalState.ACCEPTED, ApprovalEvent.Action.ACCEPTED),
    "return": (ApprovalState.SUBMITTED, ApprovalState.RETURNED, ApprovalEvent.Action.RETURNED),
    "reopen": (ApprovalState.ACCEPTED, ApprovalState.REOPENED, ApprovalEvent.Action.REOPENED),
}


class ApprovalError(ValueError):
    """A step the approval's state or the rules do not allow; the message is for people."""


class ApprovalChanged(ApprovalError):
    """Someone moved the approval after this person read it; nothing was done."""


class PeriodLocked(WorkflowError):
    """A report inside a period the upper level accepted: nothing may change it."""


@dataclass
class Chain:
    """The plan's own body, the body above it, and the organisations whose coordinators act
    for the plan (from its own body down to the owner)."""

    unit: Organization | None
    parent: Organization | None
    own_ids: list[int] = field(default_factory=list)


def chain_of(plan: Plan) -> Chain:
    """One query: the owner's ancestors and the owner, by the ids in its path."""
    ids = [int(part) for part in plan.owner.path.strip("/").split("/") if part]
    by_id = Organization.objects.in_bulk(ids)
    line = [by_id[i] for i in ids if i in by_id]
    units = [i for i, org in enumerate(line) if org.kind in UNIT_KINDS]
    if not units:
        return Chain(None, None, [plan.owner_id])
    own = units[-1]
    parent = line[units[-2]] if len(units) > 1 else None
    return Chain(line[own], parent, [org.pk for org in line[own:]])


def period_or_none(label: str) -> Period | None:
    """A quarter, half-year or year ("2025-Q3", "2025-H2", "2025") of a plausible year;
    months are not approved."""
    period = parse_period(label)
    return None if period is None or period.label[5:].isdigit() else period


def parse_period(label: str) -> Period | None:
    """`Period.parse` for labels that come from outside: year 0000 is None, not a crash."""
    try:
        period = Period.parse(label)
    except ValueError:  # "0000": no such date
        return None
    return period if period is not None and 1900 <= period.start.year <= 2200 else None


def covered(plan: Plan, period: Period):
    """The plan's expected reports whose period lies inside `period`."""
    return ExpectedReport.objects.filter(
        plan=plan, period_start__gte=period.start, period_end__lte=period.end
    )


def current(plan: Plan, label: str) -> Approval | None:
    return (
        Approval.objects.filter(plan=plan, period=label)
        .select_related("parent", "submitted_by", "decided_by")
        .first()
    )


def states_for(plan_ids, label: str) -> dict[int, Approval]:
    """{plan id: its approval of exactly this period} in one query (the roll-up's column)."""
    rows = Approval.objects.filter(plan_id__in=list(plan_ids), period=label)
    return {a.plan_id: a for a in rows}


def periods_for(plan: Plan, today: dt.date) -> list[Period]:
    """The periods the plan's reports are owed for, and their years, that have ended."""
    labels = set(
        ExpectedReport.objects.filter(plan=plan).values_list("period", flat=True).distinct()
    )
    labels |= {label[:4] for label in labels}
    periods = [p for p in map(period_or_none, labels) if p is not None and p.end < today]
    return sorted(periods, key=lambda p: (p.end, -p.start.toordinal()))


# ---- the steps ----------------------------------------------------------------------------


def submit(plan: Plan, period: Period, user, chain: Chain, today: dt.date, seen=None) -> Approval:
    """Submit (or submit again after a return or a reopening) the period to the upper body."""
    if chain.parent is None:
        raise ApprovalError(_("This plan's body has no upper level to submit the summary to."))
    if period.end >= today:
        raise ApprovalError(_("The period has not ended yet; it can be submitted after it ends."))
    try:
        with transaction.atomic():
            approval = _locked_row(plan, period.label)
            if approval is not None and approval.state not in RESUBMITTABLE:
                raise ApprovalError(_("This period is already submitted or accepted."))
            _check_version(approval, seen)
            _check_nothing_waits(plan, period)
            approval = approval or Approval(
                plan=plan, period=period.label, period_start=period.start, period_end=period.end
            )
            approval.parent = chain.parent
            approval.submitted_at, approval.submitted_by = timezone.now(), user
            approval.comment = ""
            _move(approval, ApprovalState.SUBMITTED, ApprovalEvent.Action.SUBMITTED, user)
            notify(approval, "submitted", user, chain)
    except IntegrityError as exc:  # two first submissions at the same moment
        raise ApprovalChanged(_("Someone else submitted this period meanwhile.")) from exc
    return approval


def decide(approval: Approval, action: str, user, chain: Chain, comment: str = "", seen=None):
    """Accept, return (comment required) or reopen (reason required) a submitted / accepted
    period. The caller checked that `user` decides for the upper body."""
    start, end, event = DECISIONS[action]
    comment = (comment or "").strip()
    if action != "accept" and not comment:
        raise ApprovalError(
            _("Write why the summary is returned.")
            if action == "return"
            else _("Write why the accepted period is reopened.")
        )
    with transaction.atomic():
        fresh = _locked_row(approval.plan, approval.period)
        if fresh is None or fresh.state != start:
            raise ApprovalError(_("The summary is not in a state this action needs."))
        _check_version(fresh, seen)
        fresh.decided_at, fresh.decided_by = timezone.now(), user
        fresh.comment = comment
        _move(fresh, end, event, user, comment)
        notify(fresh, action, user, chain, comment)
    return fresh


def _locked_row(plan: Plan, label: str) -> Approval | None:
    # of=("self",): the upper body is a nullable join, which PostgreSQL will not lock
    rows = Approval.objects.select_for_update(of=("self",)).filter(plan=plan, period=label)
    return rows.select_related("plan__owner", "parent").first()


def _check_version(approval: Approval | None, seen) -> None:
    if seen in (None, ""):
        return
    number = parse_version(seen)
    if approval is None or number != approval.version:
        raise ApprovalChanged(
            _("Someone else changed this summary's approval after you read it; nothing was done.")
        )


def _check_nothing_waits(plan: Plan, period: Period) -> None:
    waiting = covered(plan, period).filter(is_active=True, report__state=ReportState.SUBMITTED)
    n = waiting.count()
    if n:
        raise ApprovalError(
            ngettext(
                "%(n)d report of this period waits for your review: accept or return it first.",
                "%(n)d reports of this period wait for your review: accept or return them first.",
                n,
            )
            % {"n": n}
        )


def _move(approval: Approval, state: str, action: str, user, note: str = "") -> None:
    approval.state = state
    approval.version += 1  # the row is held (select_for_update) until the transaction ends
    approval.save()
    ApprovalEvent.objects.create(approval=approval, action=action, user=user, note=note)


# ---- the lock on reports ------------------------------------------------------------------


def locked_expected_ids(expected_reports) -> set[int]:
    """Ids of the expected reports inside a period the upper level accepted (one query)."""
    expected_reports = list(expected_reports)
    if not expected_reports:
        return set()
    accepted = Approval.objects.filter(
        plan_id__in={s.plan_id for s in expected_reports}, state=ApprovalState.ACCEPTED
    ).values_list("plan_id", "period_start", "period_end")
    spans: dict[int, list] = {}
    for plan_id, start, end in accepted:
        spans.setdefault(plan_id, []).append((start, end))
    return {
        s.pk
        for s in expected_reports
        if any(a <= s.period_start and s.period_end <= b for a, b in spans.get(s.plan_id, []))
    }


def is_locked(expected: ExpectedReport) -> bool:
    return bool(locked_expected_ids([expected]))


def refuse_locked(expected_reports) -> None:
    """Raise PeriodLocked (a Ukrainian message naming the period) if any expected report is locked."""
    expected_reports = list(expected_reports)
    locked = locked_expected_ids(expected_reports)
    if locked:
        expected = next(s for s in expected_reports if s.pk in locked)
        raise PeriodLocked(locked_message(expected.period))


def locked_message(period: str) -> str:
    return _(
        "The period %(period)s of this plan was accepted by the upper level and is locked: "
        "nothing can be changed. Ask the upper level to reopen it."
    ) % {"period": period}


# ---- who is told --------------------------------------------------------------------------


def notify(approval: Approval, action: str, actor, chain: Chain, note: str = "") -> int:
    """A submission → coordinators of the upper body; a decision → the plan's own
    coordinators (from its body down to the owner). Never the actor."""
    orgs = [approval.parent_id] if action == "submitted" else chain.own_ids
    members = Membership.objects.filter(org_id__in=orgs, role__in=EDITING_ROLES).select_related(
        "user"
    )
    users = {m.user.pk: m.user for m in members if m.user.is_active}
    users.pop(getattr(actor, "pk", None), None)
    link = reverse("monitoring:approval", args=[approval.plan_id]) + f"?period={approval.period}"
    with translation.override(settings.LANGUAGE_CODE):
        text = _text(approval, action, chain, note)
    Notification.objects.bulk_create(
        Notification(user=u, kind=NotificationKind.APPROVAL, text=text, link=link)
        for u in users.values()
    )
    return len(users)


def _text(approval: Approval, action: str, chain: Chain, note: str) -> str:
    names = {
        "org": chain.unit.name if chain.unit else approval.plan.owner.name,
        "upper": approval.parent.name if approval.parent else "",
        "period": approval.period,
        "plan": Truncator(approval.plan.title).chars(90),
        "note": Truncator(note).chars(200),
    }
    template = {
        "submitted": _("%(org)s submitted the summary for %(period)s for approval (%(plan)s)."),
        "accept": _("%(upper)s accepted the summary for %(period)s (%(plan)s)."),
        "return": _("%(upper)s returned the summary for %(period)s (%(plan)s): %(note)s"),
        "reopen": _("%(upper)s reopened the accepted summary for %(period)s (%(plan)s): %(note)s"),
    }[action]
    return template % names


def awaiting(access) -> list[Approval]:
    """Submissions waiting for this person's decision: those sent to a body where they are a
    coordinator or admin (superusers: all)."""
    rows = Approval.objects.filter(state=ApprovalState.SUBMITTED)
    if not access.is_superuser:
        orgs = [m.org_id for m in access.memberships if m.role in EDITING_ROLES]
        rows = rows.filter(parent_id__in=orgs)
    return list(rows.select_related("plan__owner", "parent", "submitted_by").order_by("pk")[:200])
