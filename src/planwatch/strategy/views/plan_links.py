"""Linked plans: the lower plan's coordinator links its measures to the upper plan's;
the upper plan's monitors read what the linked measures reported. Served at /plans/<pk>/upper/
and /lower/ (`strategy/urls/plan_links.py`) but kept here: they use strategy's linking and
monitoring's reports, both above plans."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.monitoring.linked import linked_periods, linked_rows
from planwatch.orgs.access import get_access
from planwatch.plans import upper_links
from planwatch.plans.access import plan_for_editor, plan_for_monitor
from planwatch.plans.models import LinkState, Measure, MeasureLink, PlanLink
from planwatch.strategy import plan_links


@login_required
@require_http_methods(["GET", "POST"])
def upper(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the upper plan, then confirm, correct or mark "implements nothing" per measure.

    The upper plan's measures are shown to the lower plan's coordinator even where the
    upper body's plans are not otherwise theirs to open: the plan is addressed to them."""
    plan = plan_for_editor(request, pk)
    if plan.current_revision_id is None:
        raise Http404("not published")
    choices = list(upper_links.upper_plans(plan))
    link = PlanLink.objects.filter(lower=plan).select_related("upper__owner").first()
    if request.method == "POST" and "upper_plan" in request.POST:
        chosen = next((p for p in choices if str(p.pk) == request.POST["upper_plan"]), None)
        if chosen is None:
            messages.error(request, _("Choose one of the plans above this plan's owner."))
        else:
            plan_links.link_plan(plan, chosen, request.user)
            messages.success(request, _("The plan is linked; check the suggested measures."))
        return redirect("plan_links:upper", plan.pk)
    rows, upper_measures = [], []
    if link is not None:
        plan_links.suggest(link)
        upper_measures = list(
            Measure.objects.filter(revision=link.upper.current_revision_id).order_by("position")
        )
        by_pk = {m.pk: m for m in upper_measures}
        found = {
            row.lower_id: row
            for row in MeasureLink.objects.filter(lower__revision=plan.current_revision_id)
        }
        for m in Measure.objects.filter(revision=plan.current_revision_id).order_by("position"):
            row = found.get(m.pk)
            candidates = [
                (by_pk[c_pk], score) for c_pk, score in (row.candidates if row else [])
                if c_pk in by_pk
            ]  # fmt: skip
            # the row's select starts short (its candidates and its choice); the page's script
            # offers every upper measure on focus, so a 70 × 100 plan pair is not 7,000 options
            options = [c for c, _score in candidates]
            if row and row.upper_id in by_pk and by_pk[row.upper_id] not in options:
                options.append(by_pk[row.upper_id])
            options.sort(key=lambda u: u.position)
            rows.append({"measure": m, "link": row, "candidates": candidates, "options": options})
        if request.method == "POST":
            return _decide(request, plan, link, rows)
    ctx = {
        "plan": plan,
        "link": link,
        "choices": choices,
        "rows": rows,
        "upper_measures": upper_measures,
        "undecided": sum(1 for r in rows if not r["link"] or r["link"].state == "suggested"),
    }
    return render(request, "plans/upper.html", ctx)


def _decide(request: HttpRequest, plan, link: PlanLink, rows: list[dict]) -> HttpResponse:
    decisions: dict[int, int | None] = {}
    if request.POST.get("bulk") == "suggested":
        for row in rows:  # every row still only suggested, with its pre-chosen measure
            found = row["link"]
            if found and found.state == LinkState.SUGGESTED and found.upper_id:
                decisions[row["measure"].pk] = found.upper_id
    else:
        for row in rows:
            key = row["measure"].pk
            if request.POST.get(f"accept_{key}"):
                value = request.POST.get(f"upper_{key}", "")
                decisions[key] = int(value) if value.isdigit() else None
    done = plan_links.decide(link, decisions, request.user)
    messages.success(request, _("Links decided: %(n)d.") % {"n": done})
    return redirect("plan_links:upper", plan.pk)


@login_required
@require_GET
def lower(request: HttpRequest, pk: int) -> HttpResponse:
    """Per measure of this (upper) plan, the linked lower measures and their reports."""
    plan, _can_review = plan_for_monitor(request, pk)
    access = get_access(request)
    periods = linked_periods(plan)
    period = request.GET.get("period") or _default(periods)
    if period and period not in periods:
        raise Http404("no such period")
    rows = linked_rows([plan], period, lambda p: access.can_monitor_org(p.owner)) if period else []
    ctx = {"plan": plan, "periods": periods, "period": period, "rows": rows}
    return render(request, "plans/lower.html", ctx)


def _default(periods: list[str]) -> str:
    """The latest period that has ended (periods come latest first), else the earliest."""
    from planwatch.monitoring.periods import Period

    today = timezone.localdate()
    for label in periods:
        period = Period.parse(label)
        if period is not None and period.end < today:
            return label
    return periods[-1] if periods else ""
