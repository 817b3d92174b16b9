"""Access helpers for monitoring views: return what the user may reach, or raise 404.

- Executors (role EXECUTOR on an organisation or above it) write the reports of their
  organisation's slots; they read co-executors' reports on the same measures once handed in.
- Coordinators and admins of the plan's owner (or above) review: accept, return, reopen.
- Reviewers and viewers of the owner (or above) see the dashboard and handed-in reports.
- A draft is read only by those who write it: it is not a report until it is submitted.
Everyone else gets 404, never a hint that the object exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.orgs.access import Access, get_access
from planwatch.plans.models import MeasureExecutor, Plan


def sees_plan(access: Access, plan: Plan) -> bool:
    """Dashboard access: a seeing role on the owner or above (not executors)."""
    return access.is_superuser or any(plan.owner.path.startswith(p) for p in access.seeing_paths)


def _get_plan_for_monitor(request: HttpRequest, pk: int) -> tuple[Plan, bool]:
    """(plan, can_review) for the dashboard and the schedule."""
    access = get_access(request)
    plan = get_object_or_404(Plan.objects.select_related("owner", "current_revision"), pk=pk)
    if not sees_plan(access, plan):
        raise Http404("not a monitor of this plan")
    return plan, access.can_edit_org(plan.owner)


def _get_plan_for_reviewer(request: HttpRequest, pk: int) -> Plan:
    plan, can_review = _get_plan_for_monitor(request, pk)
    if not can_review:
        raise Http404("not a coordinator of this plan")
    return plan


@dataclass
class SlotAccess:
    can_write: bool  # the user's organisation owes this report
    can_review: bool  # coordinator of the plan
    can_read: bool  # may read the report's content


def writes(access: Access, slot: ExpectedReport) -> bool:
    return any(slot.organization.path.startswith(p) for p in access.executor_paths)


def _get_slot_for_user(request: HttpRequest, pk: int) -> tuple[ExpectedReport, SlotAccess]:
    access = get_access(request)
    slot = get_object_or_404(
        ExpectedReport.objects.select_related(
            "plan__owner", "measure__revision", "organization", "report"
        ),
        pk=pk,
    )
    can_write = writes(access, slot)
    can_review = access.can_edit_org(slot.plan.owner)
    monitor = sees_plan(access, slot.plan)
    co_executor = not (can_write or monitor) and _executes_measure(access, slot)
    if not (can_write or monitor or co_executor):
        raise Http404("not a party to this report")
    report = slot.report_or_none()
    handed_in = report is not None and report.state != ReportState.DRAFT
    return slot, SlotAccess(can_write, can_review, can_write or handed_in)


def _executes_measure(access: Access, slot: ExpectedReport) -> bool:
    paths = access.executor_paths
    if not paths:
        return False
    orgs = MeasureExecutor.objects.filter(measure=slot.measure_id).values_list(
        "organization__path", flat=True
    )
    return any(path.startswith(p) for path in orgs for p in paths)
