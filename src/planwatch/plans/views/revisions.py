"""Revision diff and plan export."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from planwatch.access import plan_for_user
from planwatch.plans.diff import diff_revisions
from planwatch.plans.export import revision_to_dict, template_writers, to_json
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


CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(plan, fmt: str, revision: PlanRevision | None = None) -> HttpResponse:
    """The export body for any of the three formats (shared with the public pages)."""
    revision = revision or plan.current_revision
    if fmt not in CONTENT_TYPES or revision is None:
        raise Http404("unknown export format")
    if fmt == "json":
        body: bytes | str = to_json(revision)
    else:
        writers = template_writers()
        if writers is None:
            raise Http404("the .xlsx/.csv template writer is not installed")
        write_xlsx, write_csv = writers
        # the CSV writer starts with the BOM Excel needs (adding one here made two)
        body = (write_xlsx if fmt == "xlsx" else write_csv)(revision_to_dict(revision))
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filename = f"plan-{plan.pk}-r{revision.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{_safe(filename)}"'
    return response


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


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
