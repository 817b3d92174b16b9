"""Plan list, plan page, measure page, edits (each with an audit entry) and history."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwatch.lib.urls import each_url
from planwatch.lib.versioning import StaleVersion, claim, conflict_response
from planwatch.orgs.access import get_access
from planwatch.orgs.models import UNIT_KINDS as ROLLUP_KINDS
from planwatch.plans.access import measure_of, plan_for_editor, plan_for_user
from planwatch.plans.executors import relink_executors, renormalize_measure
from planwatch.plans.forms import MeasureEditForm, PlanEditForm, PlanFilterForm, SearchForm
from planwatch.plans.models import AuditAction, AuditEntry, Measure, Plan
from planwatch.plans.models.audit import diff_fields
from planwatch.plans.tree import flatten, headings_of, load_tree

PAGE_SIZE = 25


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    form = PlanFilterForm(request.GET or None)
    plans = Plan.objects.visible_to(access).select_related("owner", "current_revision")
    plans = plans.with_measure_count()
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            plans = plans.filter(Q(title__icontains=q) | Q(owner__name__icontains=q))
        if status := form.cleaned_data["status"]:
            plans = plans.filter(status=status)
    page = Paginator(plans.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ctx = {"form": form, "page": page, "can_import": access.can_import}
    return render(request, "plans/index.html", ctx)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Measures of current revisions by text, executor, deadline year and timing status."""
    access = get_access(request)
    form = SearchForm(request.GET or None, executors=access.visible_orgs())
    plans = Plan.objects.visible_to(access)
    measures = Measure.objects.current().filter(revision__plan__in=plans)
    searched = form.is_valid() and any(form.cleaned_data.values())
    if searched:
        measures = apply_search(measures, form.cleaned_data)
    measures = measures.select_related("revision__plan__owner", "node").order_by(
        "revision__plan_id", "position"
    )
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page")) if searched else None
    return render(request, "plans/search.html", {"form": form, "page": page, "today": _today()})


def apply_search(measures, data: dict):
    if data.get("q"):
        measures = measures.matching(data["q"])
    if data.get("executor"):
        measures = measures.executed_by(data["executor"])
    if data.get("year"):
        measures = measures.due_in_year(data["year"])
    if data.get("timing"):
        measures = measures.with_timing(data["timing"], _today())
    return measures


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan, can_edit = plan_for_user(request, pk)
    revisions = list(plan.revisions.all())
    revision = _chosen_revision(request, plan, revisions)
    nodes = flatten(load_tree(revision, page=True)) if revision else []
    access = get_access(request)
    mark_own_measures(nodes, access.executor_paths)
    link_measures(nodes, "plans:measure", plan.pk)
    ctx = {
        "plan": plan,
        "can_edit": can_edit,
        "can_monitor": (can_monitor := access.can_monitor_org(plan.owner)),
        "has_lower": can_monitor and plan.lower_links.exists(),
        "owner_linked": access.can_see_org(plan.owner),  # no link that answers 404
        "rollup_kinds": ROLLUP_KINDS,
        "revision": revision,
        "revisions": revisions,
        "nodes": nodes,
        "today": _today(),
    }
    return render(request, "plans/detail.html", ctx)


def link_measures(nodes: list, url_name: str, plan_pk: int) -> None:
    """`m.href` for each measure of the tree, from one `reverse` (`lib.urls.each_url`)."""
    pattern = each_url(url_name, plan_pk)
    for node in nodes:
        for m in node.items:
            m.href = pattern.format(m.pk)


def mark_own_measures(nodes: list, paths: list[str]) -> None:
    """Executors see which measures are theirs to report on (no queries: links are loaded)."""
    for node in nodes:
        for m in node.items:
            m.is_mine = bool(paths) and any(
                link.organization.path.startswith(p)
                for link in m.executor_links.all()
                for p in paths
            )


def _chosen_revision(request, plan: Plan, revisions: list):
    wanted = request.GET.get("r")
    for rev in revisions:
        if wanted and str(rev.number) == wanted:
            return rev
    return next((r for r in revisions if r.pk == plan.current_revision_id), None)


@login_required
def measure(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan, can_edit = plan_for_user(request, pk)
    m = measure_of(plan, measure_pk)
    access = get_access(request)
    executors = list(m.executor_links.select_related("organization"))
    ctx = {
        "plan": plan,
        "measure": m,
        "can_edit": can_edit and m.revision.is_current,
        "headings": headings_of(m),
        "executors": executors,
        "linked_orgs": {e.organization_id for e in executors if access.can_see_org(e.organization)},
        "later": list(m.next_versions.select_related("revision")),
        "audit": list(m.audit.select_related("user")[:20]),
    }
    return render(request, "plans/measure.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_editor(request, pk)
    initial = {**_plan_values(plan), "version": plan.version}
    form = PlanEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in PLAN_FIELDS}
        changes = diff_fields(plan, values)
        if changes:  # nothing to write (nor to conflict over) when the values are the saved ones
            try:
                with transaction.atomic():
                    claim(plan, form.cleaned_data["version"])
                    for name, value in values.items():
                        setattr(plan, name, value)
                    plan.save(update_fields=[*PLAN_FIELDS, "version", "updated_at"])
                    AuditEntry.record(plan, request.user, AuditAction.PLAN_EDITED, changes=changes)
            except StaleVersion:
                return _conflict(request, plan, form, Plan.objects.get(pk=plan.pk), _plan_values)
            messages.success(request, _("The plan is saved."))
        return redirect(plan)
    return render(request, "plans/edit.html", {"plan": plan, "form": form})


PLAN_FIELDS = ("title", "status", "is_public")


def _plan_values(plan: Plan) -> dict:
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


def _conflict(request, plan: Plan, form, fresh, values_of) -> HttpResponse:
    """Someone saved between this person's load and post: show both, save nothing."""
    measure = fresh if isinstance(fresh, Measure) else None
    entry = plan.audit.select_related("user").filter(measure=measure).first()
    return conflict_response(
        request,
        form=form,
        theirs=values_of(fresh),
        version=fresh.version,
        back_url=fresh.get_absolute_url(),
        who=entry.user.get_username() if entry and entry.user else "",
    )


MEASURE_FIELDS = {
    "number": "number",
    "text": "text",
    "deadline": "deadline_text",
    "funding": "funding_text",
    "executors": "executors_text",
    "indicator": "indicator_text",
}


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan = plan_for_editor(request, pk)
    m = measure_of(plan, measure_pk)
    if not m.revision.is_current:
        messages.error(request, _("Earlier revisions are kept as they were adopted."))
        return redirect(m)
    form = MeasureEditForm(request.POST or None, initial={**_cells(m), "version": m.version})
    if request.method == "POST" and form.is_valid():
        values = {MEASURE_FIELDS[k]: " ".join(form.cleaned_data[k].split()) for k in MEASURE_FIELDS}
        try:
            changed = save_measure_edit(request, plan, m, values, form.cleaned_data["version"])
        except StaleVersion:
            return _conflict(request, plan, form, Measure.objects.get(pk=m.pk), _cells)
        if changed:
            messages.success(request, _("The measure is saved."))
        return redirect(m)
    return render(request, "plans/measure_edit.html", {"plan": plan, "measure": m, "form": form})


def _cells(m: Measure) -> dict:
    return {name: getattr(m, attr) for name, attr in MEASURE_FIELDS.items()}


def save_measure_edit(request, plan: Plan, m: Measure, values: dict, version) -> bool:
    """Edited cells get fresh normalised values, as if the corrected text had been imported.

    The version is claimed first (lib.versioning): a save over a colleague's newer one raises
    StaleVersion and writes nothing. Returns whether any cell changed."""
    changes = diff_fields(m, values)
    if not changes:  # the values are the saved ones: nothing to write, nothing to conflict over
        return False
    with transaction.atomic():
        claim(m, version)
        for attr, value in values.items():
            setattr(m, attr, value)
        revision = m.revision
        period = {"start": revision.period_start, "end": revision.period_end}
        cells = renormalize_measure(m, set(changes), period)
        m.save()
        if "executors_text" in changes:
            relink_executors(m, plan.owner, cells["executors"].get("organizations") or [])
        AuditEntry.record(
            plan, request.user, AuditAction.MEASURE_EDITED, measure=m, changes=changes
        )
        Plan.objects.filter(pk=plan.pk).update(updated_at=_now())
    return True


def _now():
    from django.utils import timezone

    return timezone.now()


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    plan, can_edit = plan_for_user(request, pk)
    entries = plan.audit.select_related("user", "measure")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "plans/history.html", {"plan": plan, "page": page})
