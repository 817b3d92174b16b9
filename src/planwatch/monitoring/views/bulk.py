"""Bulk review on the drill-down list: accept several submitted reports, or return them with
one comment — all or nothing, through the same rule as the single review
(`workflow.review_reports`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from planwatch.monitoring.approvals import PeriodLocked
from planwatch.monitoring.forms import BulkReviewForm
from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.monitoring.views.dashboard import render_report_list
from planwatch.monitoring.workflow import NotReviewable, ReportChanged, review_reports
from planwatch.plans.access import plan_for_reviewer

NAMED = 10  # reports named in the "not reviewable" message; the rest are counted


@login_required
@require_POST
def bulk_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_reviewer(request, pk)
    # The list's filters and page travel in `query`, so that errors re-show the same page.
    request.GET = QueryDict(request.POST.get("query", ""))
    form = BulkReviewForm(request.POST)
    ids = request.POST.getlist("expected")
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: please correct the marked field."))
        return render_report_list(request, plan, True, bulk=form, selected=_ints(ids))
    chosen = form.cleaned_data["expected"]
    expected_reports = list(
        ExpectedReport.objects.filter(plan=plan, pk__in=chosen)
        .select_related("plan", "measure", "organization", "report")
        .order_by("period_end", "measure__position", "organization__name", "pk")
    )
    if len(expected_reports) != len(chosen):
        raise Http404("a report of another plan")
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"].strip()
    # The version of each report as the list showed it: one changed since is not reviewed blind.
    versions = {pk: request.POST[f"v{pk}"] for pk in chosen if f"v{pk}" in request.POST}
    try:
        done = review_reports(expected_reports, request.user, action, comment, versions=versions)
    except NotReviewable as exc:
        messages.error(request, not_reviewable_message(exc.expected_reports))
        return render_report_list(request, plan, True, bulk=form, selected=chosen)
    except ReportChanged as exc:
        messages.error(request, changed_message(exc.expected_reports))
        return render_report_list(request, plan, True, bulk=form, selected=chosen)
    except PeriodLocked as exc:
        messages.error(request, str(exc))
        return render_report_list(request, plan, True, bulk=form, selected=chosen)
    messages.success(request, _done_message(action, len(done)))
    url = reverse("monitoring:report_list", args=[plan.pk])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


def _names(expected_reports: list[ExpectedReport]) -> str:
    names = "; ".join(_name(expected) for expected in expected_reports[:NAMED])
    more = len(expected_reports) - NAMED
    if more > 0:
        names += " " + ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more}
    return names


def changed_message(expected_reports: list[ExpectedReport]) -> str:
    return ngettext(
        "Nothing was changed: this report changed after the list was shown; read it again: "
        "%(names)s.",
        "Nothing was changed: these reports changed after the list was shown; read them "
        "again: %(names)s.",
        len(expected_reports),
    ) % {"names": _names(expected_reports)}


def not_reviewable_message(expected_reports: list[ExpectedReport]) -> str:
    names = _names(expected_reports)
    return ngettext(
        "Nothing was changed: this report is not waiting for review: %(names)s.",
        "Nothing was changed: these reports are not waiting for review: %(names)s.",
        len(expected_reports),
    ) % {"names": names}


def _name(expected: ExpectedReport) -> str:
    report = expected.report_or_none()
    state = ReportState(report.state).label if report else _("Not started")
    return f"{expected.measure.number} {expected.organization.name}, {expected.period} ({state})"


def _done_message(action: str, n: int) -> str:
    if action == "accept":
        return ngettext("%(n)d report accepted.", "%(n)d reports accepted.", n) % {"n": n}
    return ngettext(
        "%(n)d report returned to the executors.", "%(n)d reports returned to the executors.", n
    ) % {"n": n}


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]
