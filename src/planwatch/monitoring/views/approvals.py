"""Approval up the chain: one plan's period (state, history, the step the user may take) and
the upper body's list of submissions waiting for a decision.

Monitors of the plan (its body and the bodies above) see the page; everyone else 404. The
plan's own coordinators submit; only the direct upper body's coordinators accept, return or
reopen; any other POST is 403 (`access.plan_for_chain`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from planwatch.monitoring import approvals as rules
from planwatch.monitoring.access import ChainAccess, plan_for_chain
from planwatch.monitoring.chain_forms import ApprovalForm
from planwatch.monitoring.models import ApprovalState
from planwatch.orgs.access import get_access

DONE = {
    "submit": gettext_lazy("The summary was submitted to the upper level."),
    "accept": gettext_lazy("The summary was accepted; the period's reports are locked."),
    "return": gettext_lazy("The summary was returned with your comment."),
    "reopen": gettext_lazy("The period was reopened."),
}


@login_required
@require_http_methods(["GET", "POST"])
def approval(request: HttpRequest, pk: int) -> HttpResponse:
    can = plan_for_chain(request, pk)
    today = timezone.localdate()
    offered = rules.periods_for(can.plan, today)
    label = request.GET.get("period") or (offered[-1].label if offered else "")
    period = rules.period_or_none(label)
    if label and period is None:
        raise Http404("no such period")
    current = rules.current(can.plan, period.label) if period else None
    form = ApprovalForm(request.POST or None)
    if request.method == "POST":
        if period is None:
            raise Http404("no period")
        done = _act(request, can, period, current, form, today)
        if done is not None:
            return done
    ctx = {
        "plan": can.plan,
        "can": can,
        "period": period,
        "offered": offered,
        "approval": current,
        "events": list(current.events.select_related("user")) if current else [],
        "form": form,
        "version": current.version if current else "",
        "may": _may(can, current),
        "states": ApprovalState,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "monitoring/approval.html", ctx, status=status)


def _may(can: ChainAccess, current) -> set[str]:
    """The actions this person may take now (the buttons shown)."""
    state = current.state if current else None
    may = set()
    if can.can_act and (state is None or state in rules.RESUBMITTABLE):
        may.add("submit")
    if can.can_decide and state == ApprovalState.SUBMITTED:
        may |= {"accept", "return"}
    if can.can_decide and state == ApprovalState.ACCEPTED:
        may.add("reopen")
    return may


def _act(request, can: ChainAccess, period, current, form: ApprovalForm, today):
    """The response after a step, or None to show the page again with the form's errors."""
    action = request.POST.get("action")
    if action == "submit":
        allowed = can.can_act
    elif action in rules.DECISIONS:
        allowed = can.can_decide
    else:  # no or an unknown action: a form error for those who may act at all
        allowed = can.can_act or can.can_decide
    if not allowed:
        raise PermissionDenied("not yours to do")
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: please correct the marked field."))
        return None
    data = form.cleaned_data
    try:
        if action == "submit":
            rules.submit(can.plan, period, request.user, can.chain, today, data["version"])
        elif current is None:
            raise rules.ApprovalError(_("The summary is not in a state this action needs."))
        else:
            rules.decide(current, action, request.user, can.chain, data["comment"], data["version"])
    except rules.ApprovalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, DONE[action])
    url = reverse("monitoring:approval", args=[can.plan.pk])
    return redirect(f"{url}?period={period.label}")


@login_required
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    """Submissions sent to a body where the user is a coordinator or admin."""
    rows = rules.awaiting(get_access(request))
    return render(request, "monitoring/approvals.html", {"rows": rows})
