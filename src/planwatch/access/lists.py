"""The same rules as querysets, for lists (the API): what a caller may list. Anonymous
callers get what the public pages show: public plans, their measures, and their accepted
reports. Each list matches a single-object rule of `plans.py` / `reports.py`."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from planwatch.access.reports import SlotAccess, writes_slot
from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.monitoring.models.reports import seen_by_co_executors
from planwatch.orgs.access import get_access, paths_q
from planwatch.plans.models import Measure, Plan


def plans_for(request) -> QuerySet[Plan]:
    """Plans the app shows the user, plus every public plan (anyone may read those)."""
    public = Plan.objects.public()
    if not request.user.is_authenticated:
        return public
    return Plan.objects.visible_to(get_access(request)) | public


def measures_for(request) -> QuerySet[Measure]:
    """Any revision of a plan the user sees; only current revisions of other public plans."""
    public_current = Q(revision__is_current=True, revision__plan__in=Plan.objects.public())
    if not request.user.is_authenticated:
        return Measure.objects.filter(public_current)
    visible = Plan.objects.visible_to(get_access(request))
    return Measure.objects.filter(Q(revision__plan__in=visible) | public_current)


def public_slots() -> QuerySet[ExpectedReport]:
    """Accepted reports on public plans: what a citizen may read."""
    return ExpectedReport.objects.filter(
        plan__in=Plan.objects.public(), report__state=ReportState.ACCEPTED
    )


def slots_for(request) -> QuerySet[ExpectedReport]:
    """Expected reports the user is a party to: as writer (executor of the organisation),
    monitor of the plan (a seeing role on the owner) or co-executor of the measure — the
    same three ways in as `reports.slot_for_user` — plus public ones."""
    if not request.user.is_authenticated:
        return public_slots()
    access = get_access(request)
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
    """Per-row rights for a listed report (a single report goes through `slot_for_user`)."""
    if not request.user.is_authenticated:
        return SlotAccess(can_write=False, can_review=False, can_read=True)
    access = get_access(request)
    can_write = writes_slot(access, slot)
    report = slot.report_or_none()
    handed_in = report is not None and report.state != ReportState.DRAFT
    return SlotAccess(can_write, access.can_edit_org(slot.plan.owner), can_write or handed_in)


def chain_rows_for(request, rows: QuerySet) -> QuerySet:
    """Hand-overs / approvals of plans the caller monitors (`Access.can_monitor_org` on the
    plan's owner); executors and anonymous callers: none."""
    if not request.user.is_authenticated:
        return rows.none()
    access = get_access(request)
    if access.is_superuser:
        return rows
    return rows.filter(paths_q("plan__owner__path", access.seeing_paths))
