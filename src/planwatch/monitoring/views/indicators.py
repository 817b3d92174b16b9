"""A measure's indicators: the coordinator edits, confirms, adds and removes them.

Coordinators / admins of the plan's owner (or above) only (`plan_for_reviewer`);
everyone else gets 404, as does a measure of another plan or of an old revision.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.monitoring.indicator_forms import IndicatorForm
from planwatch.monitoring.indicators import MAX_INDICATORS, sync_indicators
from planwatch.monitoring.models import Indicator
from planwatch.plans.access import plan_for_reviewer
from planwatch.plans.models import Measure


def _measure(request: HttpRequest, pk: int, mid: int):
    plan = plan_for_reviewer(request, pk)
    measure = get_object_or_404(Measure, pk=mid, revision_id=plan.current_revision_id)
    return plan, measure


@login_required
@require_http_methods(["GET", "POST"])
def indicators(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    """The list (each with its form) and the form to add one; POST `indicator` = id saves
    and confirms that one, no `indicator` adds a new one."""
    plan, measure = _measure(request, pk, mid)
    if request.method == "GET" and not measure.indicators.exists():
        sync_indicators(plan)  # a plan published before the framework: propose them now
    items = list(measure.indicators.all())
    posted = request.POST.get("indicator", "") if request.method == "POST" else None
    forms, bad = [], False
    for ind in items:
        bound = posted == str(ind.pk)
        form = IndicatorForm(request.POST if bound else None, instance=ind, prefix=f"i{ind.pk}")
        if bound:
            if form.is_valid():
                return _save(request, form, plan, measure, _("Indicator confirmed."))
            bad = True
        forms.append(form)
    adding = posted == ""
    new = IndicatorForm(request.POST if adding else None, prefix="new")
    if adding and len(items) < MAX_INDICATORS:
        if new.is_valid():
            new.instance.measure, new.instance.position = measure, len(items)
            return _save(request, new, plan, measure, _("Indicator added."))
        bad = True
    ctx = {"plan": plan, "measure": measure, "forms": forms, "new": new}
    ctx["can_add"] = len(items) < MAX_INDICATORS
    return render(request, "monitoring/indicators.html", ctx, status=400 if bad else 200)


def _save(request, form: IndicatorForm, plan, measure, message: str) -> HttpResponse:
    indicator = form.save(commit=False)
    indicator.confirmed_at, indicator.confirmed_by = timezone.now(), request.user
    indicator.save()
    messages.success(request, message)
    return redirect("monitoring:indicators", pk=plan.pk, mid=measure.pk)


@login_required
@require_POST
def indicator_delete(request: HttpRequest, pk: int, mid: int, iid: int) -> HttpResponse:
    plan, measure = _measure(request, pk, mid)
    indicator = get_object_or_404(Indicator, pk=iid, measure=measure)
    if request.POST.get("confirm") == "yes":
        indicator.delete()
        messages.success(request, _("Indicator removed with its reported values."))
    return redirect("monitoring:indicators", pk=plan.pk, mid=measure.pk)
