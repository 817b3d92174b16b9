"""Revision diff and plan export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from planwatch.plans.access import plan_for_user
from planwatch.plans.diff import diff_revisions
from planwatch.plans.export import export_response
from planwatch.plans.models import PlanRevision


@login_required
def diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """What revision `number` changed against the one before it."""
    plan, can_edit = plan_for_user(request, pk)
    new = get_object_or_404(PlanRevision, plan=plan, number=number)
    old = PlanRevision.objects.filter(plan=plan, number__lt=number).order_by("-number").first()
    if old is None:
        raise Http404("the first revision has nothing to compare with")
    ctx = {"plan": plan, "diff": diff_revisions(old, new), "can_edit": can_edit}
    return render(request, "plans/diff.html", ctx)


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan, _can_edit = plan_for_user(request, pk)
    revision = None
    wanted = request.GET.get("r", "")
    if wanted:
        if not (wanted.isdecimal() and len(wanted) < 10):  # a revision number, not 10**20
            raise Http404("no such revision")
        revision = get_object_or_404(PlanRevision, plan=plan, number=int(wanted))
    return export_response(plan, fmt, revision)
