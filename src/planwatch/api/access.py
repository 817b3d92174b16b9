"""What an API caller may reach: the app's own access rules, composed for querysets.

Every rule comes from the apps that own it — `orgs.access` (roles reach down the tree),
`Plan.objects.visible_to` / `.public()`, `monitoring.views.access` (who writes, monitors or
co-executes a report) — so the API and the pages never disagree. Anonymous callers get what
the public pages show: public plans, their measures, and their accepted reports.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.monitoring.models.reports import seen_by_co_executors
from planwatch.monitoring.views.access import SlotAccess, writes
from planwatch.orgs.access import Access, get_access, paths_q
from planwatch.plans.models import Measure, Plan


def access_of(request) -> Access:
    return get_access(request)


def plans_for(request) -> QuerySet[Plan]:
    """Plans the app shows the user, plus every public plan (anyone may read those)."""
    public = Plan.objects.public()
    if not request.user.is_authenticated:
        return public
    return Plan.objects.visible_to(access_of(request)) | public


def measures_for(request) -> QuerySet[Measure]:
    """Any revision of a plan the user sees; only current revisions of other public plans."""
    public_current = Q(revision__is_current=True, revision__plan__in=Plan.objects.public())
    if not request.user.is_authenticated:
        return Measure.objects.filter(public_current)
    visible = Plan.objects.visible_to(access_of(request))
    return Measure.objects.filter(Q(revision__plan__in=visible) | public_current)


def public_slots() -> QuerySet[ExpectedReport]:
    """Accepted reports on public plans: what a citizen may read."""
    return ExpectedReport.objects.filter(
        plan__in=Plan.objects.public(), report__state=ReportState.ACCEPTED
    )


def slots_for(request) -> QuerySet[ExpectedReport]:
    """Expected reports the user is a party to: as writer (executor of the organisation),
    monitor of the plan (a seeing role on the owner) or co-executor of the measure — the
    same three ways in as `monitoring.views.access._get_slot_for_user` — plus public ones."""
    if not request.user.is_authenticated:
        return public_slots()
    access = access_of(request)
    if access.is_superuser:
        return ExpectedReport.objects.all()
    party = (
        paths_q("organization__path", access.executor_paths)
        | paths_q("plan__owner__path", access.seeing_paths)
        | seen_by_co_executors(access)
    )
    public = Q(plan__in=Plan.objects.public(), report__state=ReportState.ACCEPTED)
    return ExpectedReport.objects.filter(party | public)


def slot_access(request, slot: ExpectedReport) -> SlotAccess:
    """Per-row rights for a listed report (the detail view asks the monitoring helper)."""
    if not request.user.is_authenticated:
        return SlotAccess(can_write=False, can_review=False, can_read=True)
    access = access_of(request)
    can_write = writes(access, slot)
    report = slot.report_or_none()
    handed_in = report is not None and report.state != ReportState.DRAFT
    return SlotAccess(can_write, access.can_edit_org(slot.plan.owner), can_write or handed_in)


def is_writable(can: SlotAccess, slot: ExpectedReport) -> bool:
    """The report page's rule: its executor, an active slot, a report not handed in."""
    current = slot.report_or_none()
    return can.can_write and slot.is_active and (current is None or current.is_editable)


def chain_rows_for(request, rows: QuerySet) -> QuerySet:
    """Hand-overs / approvals of plans the caller monitors (a seeing role on the plan's owner
    or above: `monitoring.views.access.sees_plan`); executors and anonymous callers: none."""
    if not request.user.is_authenticated:
        return rows.none()
    access = access_of(request)
    if access.is_superuser:
        return rows
    return rows.filter(paths_q("plan__owner__path", access.seeing_paths))
