"""The roll-up pages: organisations one may roll up, the roll-up itself, its documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from planwatch.access import org_for_monitor
from planwatch.monitoring import approvals, charts
from planwatch.monitoring.linked import linked_rows
from planwatch.monitoring.periods import latest_ended_or_this_year
from planwatch.orgs.access import get_access
from planwatch.rollup import documents
from planwatch.rollup.data import (
    UNIT_KINDS,
    Rollup,
    add_linked,
    build_rollup,
    own_plans,
    parse_period,
    period_labels,
)

OVERDUE_LIST = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access = get_access(request)
    orgs = access.monitored_orgs().filter(kind__in=UNIT_KINDS)
    return render(request, "rollup/index.html", {"orgs": orgs.order_by("path")})


def _rollup_for(request: HttpRequest, pk: int) -> Rollup:
    org = org_for_monitor(request, pk)
    today = timezone.localdate()
    labels = period_labels(org)
    label = request.GET.get("period") or latest_ended_or_this_year(labels, today)
    period = parse_period(label, org, today)
    if period is None:
        raise Http404("no such period")
    return build_rollup(org, period, today, labels)


@login_required
def rollup(request: HttpRequest, pk: int) -> HttpResponse:
    data = _rollup_for(request, pk)
    ctx = {
        "r": data,
        "overdue": data.overdue[:OVERDUE_LIST],
        "overdue_more": max(0, len(data.overdue) - OVERDUE_LIST),
        "formats": documents.FORMATS,
        "approval_rows": _approval_rows(data),
        "linked_rows": _linked_rows(request, data),
        **_charts(data),
    }
    return render(request, "rollup/rollup.html", ctx)


def _approval_rows(data: Rollup) -> list[tuple]:
    """(community, plan, its approval of the period or None) for every plan (one query; none
    for "all", which is not a period anyone submits)."""
    if approvals.period_or_none(data.period.label) is None:
        return []
    found = approvals.states_for(
        [p.id for c in data.communities for p in c.plans], data.period.label
    )
    return [(c, p, found.get(p.id)) for c in data.communities for p in c.plans]


def _linked_rows(request: HttpRequest, data: Rollup) -> list:
    """What the lower plans' linked measures reported under the measures of the rolled-up
    body's own plans (three queries; none for "all")."""
    if approvals.period_or_none(data.period.label) is None:
        return []
    access = get_access(request)
    return linked_rows(
        own_plans(data.org_id), data.period.label, lambda p: access.can_monitor_org(p.owner)
    )


def _charts(data: Rollup) -> dict:
    totals = data.totals.statuses
    return {
        "chart_status": charts.hbars(
            [(label, totals[key], key) for key, label in data.status_labels],
            unit="",
            scale=max([*totals.values(), 1]),
        ),
        "chart_completeness": charts.hbars(
            [(c.name, c.figures.reports.completeness, "received") for c in data.communities]
        ),
        "chart_on_time": charts.hbars(
            [(c.name, c.figures.reports.on_time_rate, "on_time") for c in data.communities]
        ),
    }


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in documents.FORMATS:
        raise Http404("no such format")
    data = add_linked(_rollup_for(request, pk))
    spec = documents.FORMATS[fmt]
    response = HttpResponse(documents.render(data, fmt), content_type=spec.content_type)
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(data, fmt)}"'
    return response
