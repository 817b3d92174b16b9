"""Read-only transparency pages: published plans for citizens, no login.

What citizens see of monitoring: statuses from accepted reports and what those reports say
was done, attributed to organisations, with contacts and people's names removed. Never
drafts, unreviewed reports, comments, evidence files or users.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from planwatch.access import public_plan
from planwatch.lib.security import client_ip
from planwatch.monitoring import charts, stats
from planwatch.monitoring.models import ExecutionReport
from planwatch.monitoring.status import MeasureStatus
from planwatch.plan_reports.render import FORMATS
from planwatch.plans.export import export_response
from planwatch.plans.models import Measure, Plan
from planwatch.plans.tree import flatten, headings_of, load_tree, tree_rows
from planwatch.public import opendata
from planwatch.public import reports as public_reports
from planwatch.public.redact import redact


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.public().select_related("owner", "current_revision")
    plans = plans.with_measure_count()
    q = request.GET.get("q", "").strip()[:200]
    if q:
        plans = plans.filter(Q(title__icontains=q) | Q(owner__name__icontains=q))
    page = Paginator(plans.order_by("owner__name", "-id"), 25).get_page(request.GET.get("page"))
    return render(request, "public/index.html", {"page": page, "q": q})


@require_GET
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    p = public_plan(pk)
    today = timezone.localdate()
    rows = tree_rows(p.current_revision)  # read once for the records and the tree
    records = opendata.records_by_measure(p, today, rows=rows)
    nodes = flatten(load_tree(p.current_revision, rows=rows))  # names come from records
    for node in nodes:
        for m in node.items:
            m.public = records.get(m.pk)
            m.executor_names = [n for n in m.public["executors"].split("; ") if n]
    counts = {s: 0 for s in MeasureStatus.values}
    overdue = 0
    for r in records.values():
        counts[r["status"]] += 1
        overdue += r["overdue"]
    periods = [c for c in stats.by_period(p, today) if c.expected]
    ctx = {
        "plan": p,
        "revision": p.current_revision,
        "nodes": nodes,
        "status_counts": [(s, MeasureStatus(s).label, counts[s]) for s in counts],
        "measure_count": len(records),
        "overdue": overdue,
        "chart_status": charts.hbars(
            [(MeasureStatus(s).label, n, s) for s, n in counts.items()],
            unit="",
            scale=max([*counts.values(), 1]),
        ),
        "periods": periods,
        "report_periods": public_reports.report_periods(p, today),
        "chart_periods": charts.columns(
            [(c.label, c.completeness, c.on_time_rate) for c in periods]
        )
        if periods
        else "",
    }
    return render(request, "public/plan.html", ctx)


@require_GET
def measure(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    p = public_plan(pk)
    m = get_object_or_404(
        Measure.objects.select_related("revision"), pk=measure_pk, revision=p.current_revision
    )
    rows = opendata.records_for_measure(p, m, timezone.localdate())
    reports = (
        ExecutionReport.objects.accepted()
        .filter(expected__measure=m)
        .order_by("-expected__period_end", "expected__organization__name")
        .values_list("expected__period", "expected__organization__name", "outcome", "narrative")
    )
    ctx = {
        "plan": p,
        "measure": m,
        "record": rows,
        "headings": headings_of(m),
        "executors": [name for name in rows["executors"].split("; ") if name],
        "reports": [
            (opendata.period_title(period), redact(org), outcome, redact(narrative))
            for period, org, outcome, narrative in reports
        ],
        "outcomes": dict(MeasureStatus.choices),
    }
    return render(request, "public/measure.html", ctx)


@require_GET
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return export_response(public_plan(pk), fmt)


@require_GET
def measures_csv(request: HttpRequest, pk: int) -> HttpResponse:
    p = public_plan(pk)
    body = opendata.to_csv(opendata.records(p, timezone.localdate(), _base_url(request)))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{p.pk}-measures.csv"'
    return response


@require_GET
def measures_json(request: HttpRequest, pk: int) -> HttpResponse:
    p = public_plan(pk)
    base = _base_url(request)
    rows = opendata.records(p, timezone.localdate(), base)
    passport_url = base + f"/public/plans/{p.pk}/passport.json"
    return HttpResponse(
        opendata.to_json(p, rows, passport_url), content_type="application/json; charset=utf-8"
    )


@require_GET
def money(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Planned vs spent per year and source (opendata_figures.py), CSV or JSON."""
    from planwatch.public import opendata_figures

    if fmt not in ("csv", "json"):
        raise Http404("no such format")
    p = public_plan(pk)
    if fmt == "csv":
        response = HttpResponse(
            opendata_figures.money_csv(p), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="plan-{p.pk}-money.csv"'
        return response
    return HttpResponse(
        opendata_figures.money_json(p), content_type="application/json; charset=utf-8"
    )


@require_GET
def indicators(request: HttpRequest, pk: int) -> HttpResponse:
    from planwatch.public import opendata_figures

    p = public_plan(pk)
    return HttpResponse(
        opendata_figures.indicators_json(p), content_type="application/json; charset=utf-8"
    )


@require_GET
def passport(request: HttpRequest, pk: int) -> HttpResponse:
    p = public_plan(pk)
    body = opendata.passport(p, _base_url(request), timezone.localdate())
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    ctx = {
        "columns": opendata.COLUMNS,
        "license": opendata.LICENSE,
        "statuses": MeasureStatus.choices,
    }
    return render(request, "public/open_data.html", ctx)


@require_GET
def report(request: HttpRequest, pk: int, period: str, fmt: str) -> HttpResponse:
    """The monitoring report for a period, as the administration sends it (accepted reports
    only, personal data taken out)."""
    p = public_plan(pk)
    try:
        data = public_reports.public_report(
            p, period, fmt, timezone.localdate(), client_ip(request)
        )
    except public_reports.Preparing:
        return _preparing(request, p)
    if data is None:
        raise Http404("no such report")
    kind = FORMATS[fmt]
    response = HttpResponse(data, content_type=kind.content_type)
    name = f"plan-{p.pk}-report-{period}.{kind.extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Public and the same for everyone: the TLS proxy (or a CDN) may keep it a few minutes,
    # so a crowd asking for one document reaches no server; the servers share theirs through
    # the database cache (public/reports.py).
    patch_cache_control(response, public=True, max_age=PUBLIC_DOCUMENT_SECONDS)
    return response


PUBLIC_DOCUMENT_SECONDS = 300
RETRY_SECONDS = 60


def _preparing(request: HttpRequest, p: Plan) -> HttpResponse:
    """503 + Retry-After, a small page: the document is being built (or too many are), and
    this request must not wait for it holding a server thread."""
    response = render(request, "public/preparing.html", {"plan": p}, status=503)
    response["Retry-After"] = str(RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    # Expected under load, not a server error: django.request would log each one at ERROR
    # (Django's own flag for "already logged"), so a flood of visitors would flood the log.
    response._has_been_logged = True
    return response
