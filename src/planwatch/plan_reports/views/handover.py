"""Hand-over of summaries: the list of a plan's summary duties' periods, one hand-over with its
steps, the signed file. Monitors of the plan see them; only its own coordinators act (403 for
other monitors, 404 for everyone else — `access.plan_for_chain`). Served under /monitoring/
(`reports/urls/handover.py`), but kept here: a hand-over offers the plan's
generated reports, and reports sits above monitoring."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwatch.lib.storage import uploaded_file_response
from planwatch.monitoring import handover as rules
from planwatch.monitoring.access import plan_for_chain
from planwatch.monitoring.chain_forms import (
    CorrectRegistrationForm,
    PrepareForm,
    RegisterForm,
    ReplaceSignedForm,
    SignForm,
)
from planwatch.monitoring.duties import duties_for
from planwatch.monitoring.models import Duty, Handover, HandoverState
from planwatch.plan_reports.models import JobStatus, ReportFile


def _documents(plan):
    return ReportFile.objects.filter(plan=plan, status=JobStatus.DONE).order_by("-created_at")


@login_required
@require_http_methods(["GET", "POST"])
def handovers(request: HttpRequest, pk: int) -> HttpResponse:
    """What is owed and what was handed over; POST records "prepared" for one row."""
    can = plan_for_chain(request, pk)
    plan, today = can.plan, timezone.localdate()
    if request.method == "POST":
        if not can.can_act:
            raise PermissionDenied("not a coordinator of the plan's own body")
        form = PrepareForm(request.POST, documents=_documents(plan))
        if form.is_valid():
            return _prepare(request, plan, form, today)
        messages.error(request, _("Nothing was recorded: please correct the marked field."))
    listed = rules.rows(plan, duties_for(plan), today)
    status = 400 if request.method == "POST" else 200
    ctx = {
        "plan": plan,
        "can": can,
        "rows": listed[::-1],
        "documents": list(_documents(plan)[:20]) if can.can_act else [],
        "states": HandoverState,
    }
    return render(request, "monitoring/handovers.html", ctx, status=status)


def _prepare(request, plan, form: PrepareForm, today) -> HttpResponse:
    duty = get_object_or_404(Duty, plan=plan, pk=form.cleaned_data["duty"])
    period = rules.duty_period(duty, form.cleaned_data["period"])
    if period is None:
        raise Http404("not a period of this duty")
    data = {k: form.cleaned_data[k] for k in ("document", "note")}
    try:
        done = rules.prepare(plan, duty, period, request.user, today, **data)
    except rules.HandoverError as exc:
        messages.error(request, str(exc))
        return redirect("handover:list", pk=plan.pk)
    messages.success(request, _("The summary is recorded as prepared."))
    return redirect("handover:detail", pk=plan.pk, hpk=done.pk)


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int, hpk: int) -> HttpResponse:
    can = plan_for_chain(request, pk)
    item = get_object_or_404(
        Handover.objects.select_related("duty", "document", "prepared_by", "signed_by", "sent_by"),
        plan=can.plan,
        pk=hpk,
    )
    sign_form = register_form = None
    if can.can_act and item.state == HandoverState.PREPARED:
        sign_form = SignForm(initial={"version": item.version})
    if can.can_act and item.state == HandoverState.SIGNED:
        register_form = RegisterForm(initial={"version": item.version})
    forms = {"sign": sign_form, "register": register_form, **_correction_forms(can, item)}
    if request.method == "POST":
        if not can.can_act:
            raise PermissionDenied("not a coordinator of the plan's own body")
        result = _step(request, item)
        if isinstance(result, HttpResponse):
            return result
        forms.update(result)
    ctx = {
        "plan": can.plan,
        "can": can,
        "item": item,
        "events": list(item.events.select_related("user")),
        "sign_form": forms["sign"],
        "register_form": forms["register"],
        "replace_form": forms["replace"],
        "correct_form": forms["correct"],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "monitoring/handover.html", ctx, status=status)


def _correction_forms(can, item: Handover) -> dict:
    """A signed file can be replaced once signed; the registration corrected once sent."""
    forms = {"replace": None, "correct": None}
    if not can.can_act:
        return forms
    if item.state in (HandoverState.SIGNED, HandoverState.SENT):
        forms["replace"] = ReplaceSignedForm(initial={"version": item.version}, prefix="fix")
    if item.state == HandoverState.SENT:
        initial = {k: getattr(item, k) for k in rules.CORRECTABLE}
        forms["correct"] = CorrectRegistrationForm(
            initial={**initial, "version": item.version}, prefix="fix"
        )
    return forms


def _step(request, item: Handover):
    """Sign, register or correct; a response when done, else {form name: form with errors}."""
    action = request.POST.get("action")
    if action == "sign":
        form = SignForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            return _done(request, item, rules.sign, upload, upload.signed_kind)
        return {"sign": form}
    if action == "register":
        form = RegisterForm(request.POST)
        if form.is_valid():
            return _done(request, item, rules.register, **_registration(form))
        return {"register": form}
    if action == "replace":
        form = ReplaceSignedForm(request.POST, request.FILES, prefix="fix")
        if form.is_valid():
            upload, reason = form.cleaned_data["file"], form.cleaned_data["reason"]
            seen = form.cleaned_data["version"]
            return _done(
                request, item, rules.replace_signed, upload, upload.signed_kind, reason=reason,
                seen_version=seen,
            )  # fmt: skip
        return {"replace": form}
    if action == "correct":
        form = CorrectRegistrationForm(request.POST, prefix="fix")
        if form.is_valid():
            data = _registration(form)
            return _done(
                request, item, rules.correct_registration, reason=data.pop("reason"),
                seen_version=form.cleaned_data["version"], **data,
            )  # fmt: skip
        return {"correct": form}
    messages.error(request, _("Nothing was recorded: unknown action."))
    return redirect("handover:detail", pk=item.plan_id, hpk=item.pk)


def _registration(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def _done(request, item: Handover, step, *args, seen_version=None, **fields) -> HttpResponse:
    seen = seen_version if seen_version is not None else request.POST.get("version")
    try:
        step(item, *args, user=request.user, seen=seen, **fields)
    except rules.HandoverError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Step recorded."))
    return redirect("handover:detail", pk=item.plan_id, hpk=item.pk)


@login_required
def signed_file(request: HttpRequest, pk: int, hpk: int) -> FileResponse:
    """The signed file exactly as uploaded, as an attachment (never shown as a page)."""
    can = plan_for_chain(request, pk)
    item = get_object_or_404(Handover, plan=can.plan, pk=hpk)
    if not item.signed_file:
        raise Http404("nothing signed yet")
    return uploaded_file_response(
        item.signed_file,
        item.signed_name,
        rules.CONTENT_TYPES.get(item.signed_kind, "application/octet-stream"),
        as_attachment=True,
    )
