"""One report: read it, write it (executor), review it (coordinator), its evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.lib.storage import uploaded_file_response
from planwatch.lib.versioning import conflict_response
from planwatch.monitoring.access import ReportAccess, expected_report_for_user, is_writable
from planwatch.monitoring.approvals import PeriodLocked, is_locked, locked_message
from planwatch.monitoring.evidence import CONTENT_TYPES
from planwatch.monitoring.forms import ExecutionReportForm, ReviewForm
from planwatch.monitoring.models import Evidence, ExecutionReport, ExpectedReport, ReportState
from planwatch.monitoring.models.reports import WorkflowError
from planwatch.monitoring.periods import Period
from planwatch.monitoring.status import NO_DATA, MeasureStatus, accepted_rows, history, is_overdue
from planwatch.monitoring.views.executor import STALE_MESSAGE, initial_for
from planwatch.monitoring.views.numbers import numbers_context, numbers_form
from planwatch.monitoring.workflow import (
    ReportChanged,
    review_reports,
    save_reports,
    targets_of,
)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    expected, can = expected_report_for_user(request, pk)
    current = expected.report_or_none()
    editable = is_writable(can, expected)
    locked = (editable or can.can_review) and is_locked(expected)
    if locked and request.method == "POST":
        messages.error(request, locked_message(expected.period))
        return redirect("monitoring:report", pk=expected.pk)
    editable = editable and not locked
    form = None
    if editable:
        submitting = request.POST.get("action") == "submit"
        form = _report_form(request, expected, current, submitting)
        form.numbers = numbers_form(request, expected, current)
        if request.method == "POST" and form.is_valid() & form.numbers.is_valid():
            try:
                save_reports([(expected, form)], request.user, submit=submitting)
            except ReportChanged:
                return _write_conflict(request, expected, form)
            except PeriodLocked as exc:
                messages.error(request, str(exc))
                return redirect("monitoring:report", pk=expected.pk)
            except WorkflowError:
                messages.error(request, STALE_MESSAGE)
                return redirect("monitoring:report", pk=expected.pk)
            messages.success(request, _("Report submitted.") if submitting else _("Draft saved."))
            return redirect("monitoring:report", pk=expected.pk)
    elif request.method == "POST":
        messages.error(request, _("This report is locked: it was handed in or accepted."))
        return redirect("monitoring:report", pk=expected.pk)
    return _render(request, expected, can, form=form, period_locked=locked)


def _write_conflict(request, expected: ExpectedReport, form: ExecutionReportForm) -> HttpResponse:
    """A colleague saved this report after the form was shown: both versions, field by field;
    nothing saved. Handed in meanwhile: there is nothing left to decide here."""
    fresh = ExecutionReport.objects.select_related("updated_by").filter(expected=expected).first()
    if fresh is None or not fresh.is_editable:
        messages.error(request, STALE_MESSAGE)
        return redirect("monitoring:report", pk=expected.pk)
    theirs = {k: v for k, v in initial_for(fresh).items() if k != "seen"}
    numbers = getattr(form, "numbers", None)
    also = ((numbers, numbers.saved_by_field(fresh)),) if numbers and numbers.has_fields() else ()
    files = form.cleaned_data.get("files")
    return conflict_response(
        request,
        form=form,
        theirs=theirs,
        version=fresh.version,
        back_url=reverse("monitoring:report", args=[expected.pk]),
        who=fresh.updated_by.get_username() if fresh.updated_by else "",
        version_name="seen",
        keep={"action": request.POST.get("action", "save")},
        note=_("The files you attached were not saved: attach them again.") if files else "",
        also=also,
    )


def _report_form(request, expected, current, submitting: bool) -> ExecutionReportForm:
    files = current.evidence.count() if current else 0
    post = request.method == "POST"
    return ExecutionReportForm(
        request.POST if post else None,
        request.FILES if post else None,
        initial=initial_for(current),
        targets=targets_of(expected),
        existing_files=files,
        submitting=submitting,
    )


def _render(request, expected: ExpectedReport, can: ReportAccess, **extra) -> HttpResponse:
    current = expected.report_or_none()
    readable = current if can.can_read else None
    siblings = (
        ExpectedReport.objects.filter(measure=expected.measure_id, period=expected.period)
        .exclude(pk=expected.pk)
        .select_related("organization", "report")
    )
    timeline = status_timeline(expected)
    review = extra.pop("review", None)
    locked = extra.pop("period_locked", False)
    if review is None and can.can_review and current and current.state in _REVIEWABLE:
        review = ReviewForm(initial={"version": current.version})
    ctx = {
        "expected": expected,
        "plan": expected.plan,
        "measure": expected.measure,
        "report": readable,
        "state": current.state if current else None,
        "evidence": list(readable.evidence.all()) if readable else [],
        "events": list(readable.events.select_related("user")) if readable else [],
        "siblings": list(siblings),
        "can": can,
        "review": None if locked else review,
        "period_locked": locked_message(expected.period) if locked else "",
        "timeline": timeline,
        **numbers_context(expected, readable),
        "measure_status_label": timeline[-1][2] if timeline else MeasureStatus.NO_DATA.label,
        "measure_overdue": is_overdue(
            timeline[-1][1] if timeline else NO_DATA,
            expected.measure.deadline_end,
            timezone.localdate(),
        ),
        **extra,
    }
    return render(request, "monitoring/report.html", ctx)


_REVIEWABLE = (ReportState.SUBMITTED, ReportState.ACCEPTED)


def status_timeline(expected: ExpectedReport) -> list[tuple[Period, str, str]]:
    """The measure's status at the end of each period with accepted reports (one query)."""
    rows = accepted_rows([expected.measure_id])
    out = []
    for period_end, status in history(rows):
        label = next((r[3] for r in rows if str(r[1]) == period_end), "")
        out.append((Period.parse(label), status, MeasureStatus(status).label))
    return out


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    expected, can = expected_report_for_user(request, pk)
    current = expected.report_or_none()
    if not can.can_review or current is None:
        raise Http404("not a coordinator of this plan")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: please correct the marked field."))
        return _render(request, expected, can, review=form)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"].strip()
    versions = {expected.pk: form.cleaned_data["version"]}
    try:
        review_reports([expected], request.user, action, comment, versions=versions)
    except PeriodLocked as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:report", pk=expected.pk)
    except WorkflowError:
        messages.error(request, _("The report has changed meanwhile; nothing was done."))
        return redirect("monitoring:report", pk=expected.pk)
    messages.success(request, _DONE[action])
    return redirect("monitoring:report", pk=expected.pk)


_DONE = {
    "accept": _("Report accepted."),
    "return": _("Report returned to the executor."),
    "reopen": _("Report reopened."),
}


def _get_evidence(request: HttpRequest, pk: int) -> tuple[Evidence, ReportAccess]:
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=pk)
    expected, can = expected_report_for_user(request, evidence.report.expected_id)
    if not can.can_read:
        raise Http404("the report is not handed in")
    return evidence, can


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence, _can = _get_evidence(request, pk)
    # Shown inline (PDF, images) but never as a page that could run script.
    return uploaded_file_response(
        evidence.file,
        evidence.name,
        CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
        as_attachment=evidence.kind == "docx",
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence, can = _get_evidence(request, pk)
    if not (can.can_write and evidence.report.is_editable):
        raise Http404("not the writer of an editable report")
    if is_locked(evidence.report.expected):
        messages.error(request, locked_message(evidence.report.expected.period))
        return redirect("monitoring:report", pk=evidence.report.expected_id)
    expected_id = evidence.report.expected_id
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    # The file goes once the row is gone for good: a rollback must not leave a row without it.
    transaction.on_commit(lambda: storage.delete(name))
    messages.success(request, _("File removed."))
    return redirect("monitoring:report", pk=expected_id)
