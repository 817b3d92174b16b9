"""Who may see and change the meetings register (one home for every view and the API).

- Reading follows the plan: whoever sees the plan (`Plan.objects.visible_to`) reads its
  meetings, decisions and minutes. Everyone else gets 404, never a hint that they exist.
- Coordinators / admins of the plan's owner (or above) record and edit meetings and decisions.
- The responsible organisation's executors and coordinators (on it or above) report a decision's
  progress: status, date done, what was done. Others who read it get 403 on a write.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from planwatch.access import plan_for_user
from planwatch.meetings.models import Decision, Meeting
from planwatch.orgs.access import Access, get_access
from planwatch.plans.models import Plan


def can_edit_plan(access: Access, plan: Plan) -> bool:
    return access.can_edit_org(plan.owner)


def answers_for(access: Access, decision: Decision) -> bool:
    """An executor, coordinator or admin of the responsible organisation (or a body above it);
    reviewers and viewers read only."""
    path = decision.responsible.path
    paths = access.executor_paths + access.editing_paths
    return access.is_superuser or any(path.startswith(p) for p in paths)


def get_plan_for_reader(request: HttpRequest, pk: int) -> tuple[Plan, bool]:
    """(plan, can_edit) for a plan the user sees; 404 otherwise (the plans' own rule)."""
    return plan_for_user(request, pk)


def get_plan_for_editor(request: HttpRequest, pk: int) -> Plan:
    plan, can_edit = get_plan_for_reader(request, pk)
    if not can_edit:
        raise PermissionDenied("not a coordinator of this plan")
    return plan


def get_meeting_for_user(request: HttpRequest, pk: int) -> tuple[Meeting, bool]:
    access = get_access(request)
    meeting = get_object_or_404(
        Meeting.objects.visible_to(access).select_related("plan__owner"), pk=pk
    )
    return meeting, can_edit_plan(access, meeting.plan)


def get_meeting_for_editor(request: HttpRequest, pk: int) -> Meeting:
    meeting, can_edit = get_meeting_for_user(request, pk)
    if not can_edit:
        raise PermissionDenied("not a coordinator of this plan")
    return meeting


def get_decision_for_user(request: HttpRequest, pk: int) -> tuple[Decision, bool, bool]:
    """(decision, can_edit: the whole decision, can_report: its progress)."""
    access = get_access(request)
    decision = get_object_or_404(
        Decision.objects.filter(meeting__in=Meeting.objects.visible_to(access)).select_related(
            "meeting__plan__owner", "responsible"
        ),
        pk=pk,
    )
    can_edit = can_edit_plan(access, decision.meeting.plan)
    return decision, can_edit, can_edit or answers_for(access, decision)


def require(flag: bool) -> None:
    """403 for a reader who asks to write."""
    if not flag:
        raise PermissionDenied("read only")
