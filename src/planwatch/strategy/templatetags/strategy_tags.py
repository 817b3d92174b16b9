"""`{% similar_measures measure %}`: the measure page's "similar measures in other plans"."""

from __future__ import annotations

from django import template
from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Q
from django.utils import timezone

from planwatch.orgs.access import get_access
from planwatch.plans.models import Plan
from planwatch.strategy.models import Crosswalk, SimilarMeasure

register = template.Library()
LIMIT = 5


@register.inclusion_tag("strategy/_similar_list.html", takes_context=True)
def similar_measures(context, measure) -> dict:
    request = context.get("request")
    access = get_access(request) if request is not None else None
    rows = similar_for(measure, access)
    return {
        "rows": rows,
        "reports": latest_reports([r.other_id for r in rows]),
        "today": timezone.localdate(),
        "strategy_links": strategy_links(measure),
    }


def similar_for(measure, access) -> list[SimilarMeasure]:
    """Precomputed neighbours the user may open: public plans, or plans they see."""
    visible = Q(other__revision__plan__is_public=True)
    if access is not None and access.is_member:
        visible |= Q(other__revision__plan__in=Plan.objects.visible_to(access))
    return list(
        SimilarMeasure.objects.filter(measure=measure, other__revision__is_current=True)
        .filter(visible)
        .select_related("other__revision__plan__owner")
        .order_by("rank")[:LIMIT]
    )


def strategy_links(measure) -> list[Crosswalk]:
    return list(
        Crosswalk.objects.firm()
        .filter(measure=measure)
        .select_related("item__document")
        .order_by("item__document", "item__position")
    )


def latest_reports(measure_ids: list[int]) -> dict[int, object]:
    """measure id → the newest received execution report, when the monitoring app is there.

    One query for the whole panel. Optional on purpose: strategy does not depend on monitoring.
    """
    if not measure_ids or not apps.is_installed("planwatch.monitoring"):
        return {}
    try:
        Report = apps.get_model("monitoring", "ExecutionReport")
        rows = (
            Report.objects.filter(
                expected__measure_id__in=measure_ids, state__in=("submitted", "accepted")
            )
            .select_related("expected")
            .order_by("expected__measure_id", "-submitted_at")
        )
        out: dict[int, object] = {}
        for report in rows:
            out.setdefault(report.expected.measure_id, report)
        return out
    except (LookupError, FieldError):  # the monitoring app's schema is its own business
        return {}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("strategy/_coverage_summary.html")
def strategy_coverage_summary(org, document=None) -> dict:
    """For roll-up reports: how much of the current Strategy the org's plans cover, gaps."""
    from planwatch.strategy.coverage import coverage_matrix
    from planwatch.strategy.models import StrategyDocument

    document = document or StrategyDocument.objects.current()
    if document is None:
        return {"matrix": None}
    return {"matrix": coverage_matrix(org, document, timezone.localdate())}


@register.inclusion_tag("strategy/_plan_status.html")
def strategy_plan_status(plan, revision, can_edit=False) -> dict:
    """The plan page's Strategy block: suggestions being prepared, or ready with a review link."""
    from planwatch.strategy.models import StrategyDocument

    document = StrategyDocument.objects.current()
    if document is None or revision is None or not revision.is_current:
        return {"state": None}
    from planwatch.strategy.jobs import plan_summary

    return {
        "plan": plan,
        "document": document,
        "can_edit": can_edit,
        **plan_summary(revision, document),
    }
