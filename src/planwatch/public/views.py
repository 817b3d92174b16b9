"""Read-only transparency pages: published plans for citizens, no login."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from planwatch.plans.models import Measure, Plan
from planwatch.plans.tree import flatten, headings_of, load_tree
from planwatch.plans.views.revisions import export_response


def _get_public_plan(pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.public().select_related("owner", "current_revision"), pk=pk
    )


def index(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.public().select_related("owner", "current_revision")
    plans = plans.annotate(measure_count=Count("current_revision__measures"))
    q = request.GET.get("q", "").strip()[:200]
    if q:
        plans = plans.filter(Q(title__icontains=q) | Q(owner__name__icontains=q))
    page = Paginator(plans.order_by("owner__name", "-id"), 25).get_page(request.GET.get("page"))
    return render(request, "public/index.html", {"page": page, "q": q})


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    p = _get_public_plan(pk)
    nodes = flatten(load_tree(p.current_revision))
    return render(
        request, "public/plan.html", {"plan": p, "revision": p.current_revision, "nodes": nodes}
    )


def measure(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    p = _get_public_plan(pk)
    m = get_object_or_404(
        Measure.objects.select_related("revision"), pk=measure_pk, revision=p.current_revision
    )
    ctx = {
        "plan": p,
        "measure": m,
        "headings": headings_of(m),
        "executors": list(m.executor_links.select_related("organization")),
    }
    return render(request, "public/measure.html", ctx)


def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return export_response(_get_public_plan(pk), fmt)
