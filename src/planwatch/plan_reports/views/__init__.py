"""The plan's reports page: ask for a document, watch it being made, download it.

Every view goes through monitoring's access helper: coordinators, reviewers and viewers of
the plan's owner (or above) — the people who see the dashboard — and nobody else (404).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.access import plan_for_monitor
from planwatch.lib.atomic import non_atomic_writes
from planwatch.monitoring.models import ExpectedReport
from planwatch.monitoring.periods import report_choices
from planwatch.plan_reports import jobs
from planwatch.plan_reports.forms import ReportDocumentForm
from planwatch.plan_reports.models import JobStatus, ReportFile

KEEP_LISTED = 50


def runs_inline() -> bool:
    """Run the job in the request when no worker is expected (a laptop, tests)."""
    return bool(getattr(settings, "PLANWATCH_REPORTS_INLINE", settings.DEBUG))


def _period_choices(plan) -> list[str]:
    labels = (
        ExpectedReport.objects.filter(plan=plan)
        .order_by("period_end")
        .values_list("period", flat=True)
        .distinct()
    )
    return report_choices(list(labels))


# Queueing is one INSERT; making the report inline (a laptop) takes seconds and must not hold
# the request transaction (on SQLite the write lock: lib/atomic.py). The job's writes are its own.
@non_atomic_writes
@login_required
@require_http_methods(["GET", "POST"])
def plan_reports(request: HttpRequest, pk: int) -> HttpResponse:
    plan, _can_review = plan_for_monitor(request, pk)
    today = timezone.localdate()
    form = ReportDocumentForm(request.POST or None, periods=_period_choices(plan), today=today)
    if request.method == "POST" and form.is_valid():
        job = jobs.enqueue(
            plan,
            form.cleaned_data["period"],
            form.cleaned_data["format"],
            request.user,
            today,
        )
        claimed = jobs.claim(job.pk) if runs_inline() else None
        if claimed is not None:
            jobs.run_job(claimed)
        return redirect("reports:plan", pk=plan.pk)
    files = list(ReportFile.objects.filter(plan=plan).select_related("made_by")[:KEEP_LISTED])
    ctx = {
        "plan": plan,
        "form": form,
        "files": files,
        "pending": any(f.is_pending for f in files),
        "max_attempts": jobs.QUEUE.max_attempts,
    }
    return render(request, "reports/plan_reports.html", ctx)


def _get_file_for_user(request: HttpRequest, pk: int) -> ReportFile:
    job = get_object_or_404(ReportFile.objects.only("pk", "plan_id"), pk=pk)
    plan_for_monitor(request, job.plan_id)  # 404 unless the user monitors the plan
    return ReportFile.objects.get(pk=pk)


@login_required
@require_GET
def file_status(request: HttpRequest, pk: int) -> JsonResponse:
    """For the page's polling script: where the job is."""
    job = _get_file_for_user(request, pk)
    url = reverse("reports:download", args=[job.pk]) if job.status == JobStatus.DONE else ""
    return JsonResponse(
        {"status": job.status, "progress": job.progress, "error": job.error, "url": url}
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = _get_file_for_user(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("not ready")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("file gone") from None
    response = FileResponse(
        handle, as_attachment=True, filename=job.download_name, content_type=job.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
