"""Who may reach a plan, a measure, an import draft or an organisation: return it, or 404
(never a hint that someone else's object exists). Plans' own floor: it reads only plans' and
organisations' models; the expected reports' rules are in `monitoring.access`, and apps above
both import either through the one entrance, `planwatch.access`."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from planwatch.orgs.access import get_access
from planwatch.orgs.models import Organization
from planwatch.plans.models import ImportDraft, Measure, Plan


def plan_for_user(request: HttpRequest, pk: int) -> tuple[Plan, bool]:
    """(plan, can_edit) for a plan the user sees (`Plan.objects.visible_to`). Coordinators and
    admins of the owner (or above) may edit."""
    access = get_access(request)
    plan = get_object_or_404(
        Plan.objects.visible_to(access).select_related("owner", "current_revision"), pk=pk
    )
    return plan, access.can_edit_org(plan.owner)


def plan_for_editor(request: HttpRequest, pk: int) -> Plan:
    plan, can_edit = plan_for_user(request, pk)
    if not can_edit:
        raise Http404("not an editor of this plan")
    return plan


def measure_of(plan: Plan, pk: int) -> Measure:
    """A measure of any revision of the plan (old revisions stay readable)."""
    return get_object_or_404(
        Measure.objects.select_related("revision", "node", "previous__revision"),
        pk=pk,
        revision__plan=plan,
    )


def draft_for_editor(
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


def public_plan(pk: int) -> Plan:
    """A published plan, for anyone (the public pages)."""
    return get_object_or_404(
        Plan.objects.public().select_related("owner", "current_revision"), pk=pk
    )


def org_for_viewer(request: HttpRequest, pk: int | None) -> Organization:
    """The organisation asked for if the user sees it (`Access.can_see_org`: executors too),
    else the highest one they see."""
    access = get_access(request)
    if pk is not None:
        org = get_object_or_404(Organization, pk=pk)
        if not access.can_see_org(org):
            raise Http404("not your organisation")
        return org
    org = access.visible_orgs().order_by("path").first()
    if org is None:
        raise Http404("no organisation")
    return org


def org_for_monitor(request: HttpRequest, pk: int) -> Organization:
    """An organisation the user monitors (`Access.can_monitor_org`), e.g. for its roll-up."""
    org = get_object_or_404(Organization, pk=pk)
    if not get_access(request).can_monitor_org(org):
        raise Http404("not a monitor of this organisation")
    return org


def plan_for_monitor(request: HttpRequest, pk: int) -> tuple[Plan, bool]:
    """(plan, can_review) for the dashboard and the schedule."""
    access = get_access(request)
    plan = get_object_or_404(Plan.objects.select_related("owner", "current_revision"), pk=pk)
    if not access.can_monitor_org(plan.owner):
        raise Http404("not a monitor of this plan")
    return plan, access.can_edit_org(plan.owner)


def plan_for_reviewer(request: HttpRequest, pk: int) -> Plan:
    plan, can_review = plan_for_monitor(request, pk)
    if not can_review:
        raise Http404("not a coordinator of this plan")
    return plan


# ---- the same rules as querysets, for lists (the API) ---------------------------------------


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
