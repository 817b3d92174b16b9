"""A plan's reporting status (the dashboard's numbers) and Strategy coverage (the matrix)."""

from __future__ import annotations

from dataclasses import asdict

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.access import org_for_viewer, plan_for_monitor
from planwatch.api.filters import CoverageFilter, StatusFilter
from planwatch.api.serializers.status import (
    CoverageSerializer,
    ReportingStatusSerializer,
    StrategyDocumentSerializer,
)
from planwatch.api.views.common import BAD_REQUEST, NOT_FOUND, UNAUTHORIZED
from planwatch.monitoring import stats
from planwatch.monitoring.expected import ensure_monitored
from planwatch.monitoring.periods import Period, latest_ended_or_first
from planwatch.orgs.models import Organization
from planwatch.strategy.coverage import coverage_matrix, document_for
from planwatch.strategy.models import StrategyDocument


def _counts(c: stats.Counts) -> dict:
    return {
        **{k: v for k, v in asdict(c).items() if k != "label"},
        "outstanding": c.expected - c.received,
        "due": c.expected - c.received - c.overdue,
        "late": c.received - c.on_time,
        "completeness": c.completeness,
        "on_time_rate": c.on_time_rate,
    }


def _org(org_id: int, name: str, kinds: dict) -> dict:
    return {"id": org_id, "name": name, "kind": kinds.get(org_id, "")}


class ReportingStatus(APIView):
    @extend_schema(
        summary="A plan's reporting status",
        description="The dashboard's numbers: expected, received, outstanding, overdue "
        "(missing past the due date), on time and late reports per period; per executor "
        "for one period; measures by status. Coordinators, reviewers and viewers of the "
        "plan's owner or above (executors: 404, use /reports/?plan=).",
        parameters=[StatusFilter],
        responses={200: ReportingStatusSerializer, **BAD_REQUEST, **UNAUTHORIZED, **NOT_FOUND},
        tags=["monitoring"],
    )
    def get(self, request: Request, pk: int) -> Response:
        plan, _can_review = plan_for_monitor(request, pk)
        params = StatusFilter.clean(request)
        schedule = ensure_monitored(plan)
        today = timezone.localdate()
        periods = stats.by_period(plan, today)
        labels = [p.label for p in periods]
        chosen = params.get("period")
        chosen = chosen if chosen in labels else latest_ended_or_first(labels, today)
        data = {
            "plan": plan.pk,
            "today": today,
            "frequency": schedule.frequency,
            "periods": [{"period": p.label, **_counts(p)} for p in periods],
            "period": chosen,
            "due_date": None,
            "executors": [],
            "measures": None,
        }
        if chosen:
            data.update(self._period(plan, schedule, chosen, today))
        return Response(ReportingStatusSerializer(data).data)

    def _period(self, plan, schedule, label: str, today) -> dict:
        period = Period.parse(label)
        rows = stats.by_executor(plan, label, today)
        kinds = dict(
            Organization.objects.filter(pk__in=[r.org_id for r in rows]).values_list("pk", "kind")
        )
        by_status = stats.measures_by_status(plan, period.end, today)
        return {
            "due_date": schedule.due_date(period),
            "executors": [
                {"organization": _org(r.org_id, r.label, kinds), **_counts(r)} for r in rows
            ],
            "measures": {status: n for status, _label, n in by_status},
        }


class Coverage(APIView):
    @extend_schema(
        summary="Strategy coverage",
        description="Strategy items (operational goals) × plan owners at or below the "
        "organisation: measures linked and their reported status. Bounded by the Strategy's "
        "size, so not paginated; only non-empty cells are listed.",
        parameters=[CoverageFilter],
        responses={200: CoverageSerializer, **BAD_REQUEST, **UNAUTHORIZED, **NOT_FOUND},
        tags=["strategy"],
    )
    def get(self, request: Request) -> Response:
        params = CoverageFilter.clean(request)
        org = org_for_viewer(request, params.get("organization"))
        document = document_for(params.get("document"))
        matrix = coverage_matrix(org, document, timezone.localdate())
        rows = [
            {
                "item": row.item,
                "total": row.total,
                "covered_by": row.covered_by,
                "suggested": row.suggested,
                "cells": [
                    {"organization": col.pk, **asdict(cell)}
                    for col, cell in zip(matrix.columns, row.cells, strict=True)
                    if cell.measures
                ],
            }
            for row in matrix.ordered()
        ]
        data = {"organization": org, "document": document, "columns": matrix.columns, "rows": rows}
        return Response(CoverageSerializer(data).data)


@extend_schema(
    summary="Strategy documents",
    description="The national documents plans implement; `code` selects one for coverage.",
    tags=["strategy"],
)
class StrategyDocumentList(ListAPIView):
    serializer_class = StrategyDocumentSerializer
    permission_classes = [AllowAny]
    queryset = StrategyDocument.objects.order_by("-is_current", "-period_start", "pk")
