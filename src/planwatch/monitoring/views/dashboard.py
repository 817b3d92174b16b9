"""The coordinator's dashboard, the drill-down list of reports, and the schedule."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from planwatch.lib.params import id_form_field
from planwatch.monitoring import approvals, charts, handover, stats
from planwatch.monitoring.duties import duties_for, summary_due, sync_duties
from planwatch.monitoring.expected import ensure_monitored, sync_expected
from planwatch.monitoring.forms import BulkReviewForm, ScheduleForm
from planwatch.monitoring.models import ExpectedReport, ReportState
from planwatch.monitoring.models.schedule import ScheduleSource
from planwatch.monitoring.periods import Period, latest_ended_or_first
from planwatch.monitoring.schedule import apply_detected, detect_schedule
from planwatch.monitoring.views.figures import figures_context
from planwatch.plans.access import plan_for_monitor, plan_for_reviewer
from planwatch.plans.models import Plan

OVERDUE_LIST = 30


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan, can_review = plan_for_monitor(request, pk)
    schedule = ensure_monitored(plan)
    today = timezone.localdate()
    periods = stats.by_period(plan, today)
    labels = [p.label for p in periods]
    chosen = request.GET.get("period")
    chosen = chosen if chosen in labels else latest_ended_or_first(labels, today)
    ctx = {"plan": plan, "schedule": schedule, "can_review": can_review, "periods": periods}
    duties = duties_for(plan)
    ctx.update(_handover_context(plan, duties, today))
    if chosen:
        ctx.update(_period_context(plan, chosen, periods, today))
        ctx["due"] = schedule.due_date(ctx["period"])
        ctx["summary_due"], ctx["summary_duty"] = summary_due(plan, ctx["period"], duties)
        ctx.update(figures_context(plan, ctx["period"]))
        ctx["approval"] = approvals.current(plan, chosen)
    return render(request, "monitoring/dashboard.html", ctx)


def _handover_context(plan: Plan, duties: list, today: dt.date) -> dict:
    """Summaries not yet handed over (overdue first), for the dashboard's card."""
    owed = [r for r in handover.rows(plan, duties, today) if not r.is_sent]
    owed.sort(key=lambda r: (not r.is_overdue, r.due))
    return {
        "handover_owed": owed[:8],
        "handover_overdue": sum(r.is_overdue for r in owed),
        "handover_count": len(owed),
    }


def _period_context(plan: Plan, label: str, periods: list, today: dt.date) -> dict:
    period = Period.parse(label)
    current = next(p for p in periods if p.label == label)
    executors = stats.by_executor(plan, label, today)
    by_status = stats.measures_by_status(plan, period.end, today)
    overdue = (
        ExpectedReport.objects.counted()
        .filter(plan=plan, period=label)
        .overdue(today)
        .select_related("measure", "organization", "report")
        .order_by("organization__name", "measure__position")
    )
    return {
        "period": period,
        "current": current,
        "executors": executors,
        "by_status": by_status[:-1],
        "overdue_measures": by_status[-1][2],
        "overdue": list(overdue[:OVERDUE_LIST]),
        "overdue_more": max(0, current.overdue - OVERDUE_LIST),
        "chart_periods": charts.columns(
            [(p.label, p.completeness, p.on_time_rate) for p in periods]
        ),
        "chart_executors": charts.hbars([(e.label, e.completeness, "received") for e in executors]),
        "chart_status": charts.hbars(
            [(lbl, n, s) for s, lbl, n in by_status[:-1]],
            unit="",
            scale=max([n for _s, _l, n in by_status[:-1]] + [1]),
        ),
    }


class ReportFilter(forms.Form):
    SHOW = [
        ("", gettext_lazy("All")),
        ("missing", gettext_lazy("Not received")),
        ("overdue", gettext_lazy("Overdue")),
        ("received", gettext_lazy("Received")),
        *ReportState.choices,
    ]
    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False)
    show = forms.ChoiceField(label=gettext_lazy("Show"), choices=SHOW, required=False)
    org = id_form_field(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("All periods")), *((p, p) for p in periods)]


@login_required
def report_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Drill-down: every expected report of the plan, filtered; each links to its page.
    Coordinators tick submitted reports here and accept or return them at once (bulk.py)."""
    plan, can_review = plan_for_monitor(request, pk)
    return render_report_list(request, plan, can_review)


def render_report_list(
    request: HttpRequest, plan: Plan, can_review: bool, bulk=None, selected=()
) -> HttpResponse:
    """The list for the GET parameters of `request`; `bulk` is a bound BulkReviewForm with
    errors (shown above the table, the ticked reports still ticked)."""
    today = timezone.localdate()
    labels = list(
        ExpectedReport.objects.filter(plan=plan)
        .order_by("period_end")
        .values_list("period", flat=True)
        .distinct()
    )
    form = ReportFilter(request.GET or None, periods=labels)
    expected_reports = ExpectedReport.objects.active().filter(plan=plan)
    if form.is_valid():
        expected_reports = expected_reports.matching(today, **form.cleaned_data)
    expected_reports = expected_reports.select_related(
        "measure", "organization", "report"
    ).order_by("period_end", "measure__position", "organization__name", "pk")
    page = Paginator(expected_reports, 50).get_page(request.GET.get("page"))
    ctx = {
        "plan": plan,
        "form": form,
        "page": page,
        "today": today,
        "can_review": can_review,
        "bulk": bulk or (BulkReviewForm() if can_review else None),
        "selected": set(selected),
        "query": request.GET.urlencode(),
    }
    return render(request, "monitoring/report_list.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_reviewer(request, pk)
    current = ensure_monitored(plan)
    detected = detect_schedule(plan.current_revision)
    form = ScheduleForm(request.POST or None, instance=current)
    if request.method == "POST" and request.POST.get("action") == "detect":
        current.source = ScheduleSource.DEFAULT
        apply_detected(current, detected)
        current.save()
        return _recomputed(request, plan)
    if request.method == "POST" and form.is_valid():
        current = form.save(commit=False)
        current.source = ScheduleSource.MANUAL
        current.save()
        return _recomputed(request, plan)
    ctx = {"plan": plan, "form": form, "schedule": current, "detected": detected}
    return render(request, "monitoring/schedule.html", ctx)


def _recomputed(request: HttpRequest, plan: Plan) -> HttpResponse:
    result = sync_expected(plan)
    sync_duties(plan, reread=False)  # the default executors' duty follows the schedule
    messages.success(
        request,
        _("Schedule saved. Expected reports: %(c)d added, %(u)d changed, %(d)d removed.")
        % {"c": result.created, "u": result.updated, "d": result.deleted + result.deactivated},
    )
    return redirect("monitoring:dashboard", pk=plan.pk)
