"""A plan's duties page: the coordinator lists, confirms, edits, adds and deletes them.

Coordinators / admins of the plan's owner (or above) only (`plan_for_reviewer`);
everyone else gets 404, as does a duty of another plan. A saved duty counts as confirmed:
a new reading of the plan no longer replaces it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.monitoring import handover
from planwatch.monitoring.duties import duties_for, duty_states, upcoming, year_duties
from planwatch.monitoring.duty_forms import DutyForm
from planwatch.monitoring.models import Duty
from planwatch.plans.access import plan_for_reviewer


@login_required
@require_http_methods(["GET", "POST"])
def duties(request: HttpRequest, pk: int) -> HttpResponse:
    """The list, this year's due dates, and the form to add one."""
    plan = plan_for_reviewer(request, pk)
    form = DutyForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        duty = form.save(commit=False)
        duty.plan, duty.confirmed = plan, True
        duty.save()
        messages.success(request, _("Duty added."))
        return redirect("monitoring:duties", pk=plan.pk)
    listed = duties_for(plan)
    today = timezone.localdate()
    year = today.year
    ctx = {"plan": plan, "duties": listed, "form": form, "year": year}
    ctx["upcoming"] = upcoming(listed, today)
    calendar = duty_states(plan, year_duties(listed, year), today)
    found = handover.by_key(plan, [row["period"].label for row in calendar])
    for row in calendar:
        row["handover"] = found.get((row["duty"].pk, row["period"].label))
    ctx["calendar"] = calendar
    ctx["handover_owed"] = [r for r in handover.rows(plan, listed, today) if not r.is_sent]
    ctx["summary_kinds"] = {d.pk for d in handover.summary_duties(listed)}
    ctx["today"] = today
    return render(request, "monitoring/duties.html", ctx, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def duty_edit(request: HttpRequest, pk: int, duty_pk: int) -> HttpResponse:
    plan = plan_for_reviewer(request, pk)
    duty = get_object_or_404(Duty, plan=plan, pk=duty_pk)
    form = DutyForm(request.POST if request.method == "POST" else None, instance=duty, plan=plan)
    if request.method == "POST" and form.is_valid():
        duty = form.save(commit=False)
        duty.confirmed = True
        duty.save()
        messages.success(request, _("Duty saved."))
        return redirect("monitoring:duties", pk=plan.pk)
    ctx = {"plan": plan, "duty": duty, "form": form}
    return render(request, "monitoring/duty_edit.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def duty_delete(request: HttpRequest, pk: int, duty_pk: int) -> HttpResponse:
    """Deletes only when the form says so (`confirm`): an empty POST changes nothing."""
    plan = plan_for_reviewer(request, pk)
    duty = get_object_or_404(Duty, plan=plan, pk=duty_pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("The duty was not deleted: confirm the deletion."))
        return render(
            request,
            "monitoring/duty_edit.html",
            {"plan": plan, "duty": duty, "form": None},
            status=400,
        )
    duty.delete()
    messages.success(request, _("Duty deleted."))
    return redirect("monitoring:duties", pk=plan.pk)
