"""Monitoring: plans' dashboards, expected reports, and the chain of hand-overs and approvals.

- Executors (role EXECUTOR on an organisation or above it) write the reports of their
  organisation's expected reports; they read co-executors' reports on the same measures once handed in.
- Coordinators and admins of the plan's owner (or above) review: accept, return, reopen.
- Reviewers and viewers of the owner (or above) see the dashboard and handed-in reports
  (`Access.can_monitor_org`).
- A draft is read only by those who write it: it is not a report until it is submitted.
Everyone else gets 404, never a hint that the object exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.monitoring.models.reports import seen_by_co_executors
from planwatch.orgs.access import Access, get_access, paths_q
from planwatch.orgs.models import EDITING_ROLES, Organization
from planwatch.plans.models import MeasureExecutor, Plan


@dataclass
class ReportAccess:
    can_write: bool  # the user's organisation owes this report
    can_review: bool  # coordinator of the plan
    can_read: bool  # may read the report's content


def writes_report(access: Access, expected: ExpectedReport) -> bool:
    """An executor of the expected report's organisation (or above) writes its report."""
    return any(expected.organization.path.startswith(p) for p in access.executor_paths)


def expected_report_for_user(request: HttpRequest, pk: int) -> tuple[ExpectedReport, ReportAccess]:
    """A report the user is a party to: as writer, monitor of the plan or co-executor."""
    access = get_access(request)
    expected = get_object_or_404(
        ExpectedReport.objects.select_related(
            "plan__owner", "measure__revision", "organization", "report"
        ),
        pk=pk,
    )
    can_write = writes_report(access, expected)
    can_review = access.can_edit_org(expected.plan.owner)
    monitor = access.can_monitor_org(expected.plan.owner)
    co_executor = not (can_write or monitor) and _executes_measure(access, expected)
    if not (can_write or monitor or co_executor):
        raise Http404("not a party to this report")
    report = expected.report_or_none()
    handed_in = report is not None and report.state != ReportState.DRAFT
    return expected, ReportAccess(can_write, can_review, can_write or handed_in)


def _executes_measure(access: Access, expected: ExpectedReport) -> bool:
    paths = access.executor_paths
    if not paths:
        return False
    orgs = MeasureExecutor.objects.filter(measure=expected.measure_id).values_list(
        "organization__path", flat=True
    )
    return any(path.startswith(p) for path in orgs for p in paths)


def is_writable(can: ReportAccess, expected: ExpectedReport) -> bool:
    """The report page's rule: its executor, an active expected report, a report not handed in."""
    current = expected.report_or_none()
    return can.can_write and expected.is_active and (current is None or current.is_editable)


# ---- the chain: hand-over of summaries and approval up the chain -------------------------


def acts_for_plan(access: Access, chain) -> bool:
    """Coordinators / admins of the plan's own body (from it down to the owner) hand over the
    summary and submit the period upward; a body above does not act for it."""
    return access.is_superuser or any(
        m.role in EDITING_ROLES and m.org_id in chain.own_ids for m in access.memberships
    )


def decides_for_plan(access: Access, chain) -> bool:
    """Coordinators / admins of the direct upper body (only that one) accept, return, reopen."""
    if chain.parent is None:
        return False
    return access.is_superuser or any(
        m.role in EDITING_ROLES and m.org_id == chain.parent.pk for m in access.memberships
    )


@dataclass
class ChainAccess:
    plan: Plan
    chain: object  # approvals.Chain
    can_act: bool  # the plan's own coordinators: hand over, submit
    can_decide: bool  # the direct upper body's coordinators: accept, return, reopen


def plan_for_chain(request: HttpRequest, pk: int) -> ChainAccess:
    """Monitors of the plan (its body and the bodies above) see hand-overs and approvals;
    everyone else 404. Who may act is in the answer (a POST by anyone else is 403)."""
    from planwatch.monitoring.approvals import chain_of

    access = get_access(request)
    plan = get_object_or_404(Plan.objects.select_related("owner", "current_revision"), pk=pk)
    if not access.can_monitor_org(plan.owner):
        raise Http404("not a monitor of this plan")
    chain = chain_of(plan)
    return ChainAccess(plan, chain, acts_for_plan(access, chain), decides_for_plan(access, chain))


# ---- the same rules as querysets, for lists (the API) ---------------------------------------


def public_expected_reports() -> QuerySet[ExpectedReport]:
    """Accepted reports on public plans: what a citizen may read."""
    return ExpectedReport.objects.filter(
        plan__in=Plan.objects.public(), report__state=ReportState.ACCEPTED
    )


def expected_reports_for(request) -> QuerySet[ExpectedReport]:
    """Expected reports the user is a party to: as writer (executor of the organisation),
    monitor of the plan (a seeing role on the owner) or co-executor of the measure — the
    same three ways in as `reports.expected_report_for_user` — plus public ones."""
    ways = _ways_in(request)
    if ways is None:
        return ExpectedReport.objects.all()
    return ExpectedReport.objects.filter(reduce(or_, ways))


def expected_report_parts(request) -> list[Q] | None:
    """What `expected_reports_for` shows, cut into disjoint parts (each way in without the
    ways before it), so their counts add up: each part is counted from its own indexed
    column and stops at a cap, where the OR of them was counted row by row. None: all."""
    ways = _ways_in(request)
    if ways is None:
        return None
    return [reduce(and_, (~q for q in ways[:i]), way) for i, way in enumerate(ways)]


def _ways_in(request) -> list[Q] | None:
    """Writer, co-executor, monitor, public: each on one of the expected report's own columns
    (an id in a short subquery), not on a joined path. None for superusers (everything).
    Made once per request: a list asks for its rows and for its count's parts."""
    if hasattr(request, "_expected_report_ways"):
        return request._expected_report_ways
    request._expected_report_ways = ways = _build_ways_in(request)
    return ways


def _build_ways_in(request) -> list[Q] | None:
    # on no plan that is not public: PostgreSQL checks that NOT IN against a hashed list of
    # plans (a join to the plans made the check per row: half the count's time)
    hidden = Plan.objects.exclude(pk__in=Plan.objects.public())
    public = Q(report__state=ReportState.ACCEPTED) & ~Q(plan__in=hidden)
    if not request.user.is_authenticated:
        return [public]
    access = get_access(request)
    if access.is_superuser:
        return None
    ways = []
    if access.executor_paths:
        mine = Organization.objects.filter(paths_q("path", access.executor_paths)).values("pk")
        ways += [Q(organization__in=mine), seen_by_co_executors(access)]
    if access.seeing_paths:
        watched = Organization.objects.filter(paths_q("path", access.seeing_paths)).values("pk")
        ways.append(Q(plan__in=Plan.objects.filter(owner__in=watched).values("pk")))
    # public first: at scale the widest way (every accepted report on a public plan), so a
    # count stops at its cap after that one part (the executor's list: count 13 → 7 ms)
    return [public, *ways]


def report_access(request, expected: ExpectedReport) -> ReportAccess:
    """Per-row rights for a listed report (a single report goes through `expected_report_for_user`)."""
    if not request.user.is_authenticated:
        return ReportAccess(can_write=False, can_review=False, can_read=True)
    access = get_access(request)
    can_write = writes_report(access, expected)
    report = expected.report_or_none()
    handed_in = report is not None and report.state != ReportState.DRAFT
    return ReportAccess(can_write, access.can_edit_org(expected.plan.owner), can_write or handed_in)


def chain_rows_for(request, rows: QuerySet) -> QuerySet:
    """Hand-overs / approvals of plans the caller monitors (`Access.can_monitor_org` on the
    plan's owner); executors and anonymous callers: none."""
    if not request.user.is_authenticated:
        return rows.none()
    access = get_access(request)
    if access.is_superuser:
        return rows
    return rows.filter(paths_q("plan__owner__path", access.seeing_paths))
