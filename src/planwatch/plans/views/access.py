"""Access helpers: return the object the user may reach, or raise 404 (never reveal others')."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from planwatch.orgs.access import get_access
from planwatch.plans.models import ImportDraft, Measure, Plan


def _get_plan_for_user(request: HttpRequest, pk: int) -> tuple[Plan, bool]:
    """(plan, can_edit). Coordinators and admins of the owner (or above) may edit."""
    access = get_access(request)
    plan = get_object_or_404(
        Plan.objects.visible_to(access).select_related("owner", "current_revision"), pk=pk
    )
    return plan, access.can_edit_org(plan.owner)


def _get_plan_for_editor(request: HttpRequest, pk: int) -> Plan:
    plan, can_edit = _get_plan_for_user(request, pk)
    if not can_edit:
        raise Http404("not an editor of this plan")
    return plan


def _get_measure(plan: Plan, pk: int) -> Measure:
    """A measure of any revision of the plan (old revisions stay readable)."""
    return get_object_or_404(
        Measure.objects.select_related("revision", "node", "previous__revision"),
        pk=pk,
        revision__plan=plan,
    )


def _get_draft_for_user(
    request: HttpRequest, pk: int, *, pending: bool = True, ready: bool = True
) -> ImportDraft:
    """Drafts are seen only by those who may edit the owner's plans; ``ready``: only once the
    file is read (a scanned PDF waits for the job worker)."""
    access = get_access(request)
    draft = get_object_or_404(ImportDraft.objects.select_related("owner", "plan"), pk=pk)
    if not access.can_edit_org(draft.owner):
        raise Http404("not an editor of this organisation")
    if draft.plan_id and not access.can_edit_org(draft.plan.owner):
        raise Http404("not an editor of the plan the import amends")
    if pending and not draft.is_pending:
        raise Http404("the import is closed")
    if ready and not draft.is_ready:
        raise Http404("the file is still being read")
    return draft
