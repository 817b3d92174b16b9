"""A plan's money (planned vs spent per year and source) and indicators (baseline, targets,
values per period) — the open data's figures, for the plan's monitors."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.access import plan_for_monitor
from planwatch.api.views.common import NOT_FOUND, UNAUTHORIZED
from planwatch.monitoring.spending import UNIT
from planwatch.public.opendata_figures import indicator_records, money_records


class MoneyRowSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True, help_text="null: the plan gives no year.")
    source = serializers.CharField(help_text='A funding-source code ("local_budget"); "" none.')
    source_label = serializers.CharField()
    planned = serializers.CharField(help_text="Decimal string, тис. грн (from funding.amounts).")
    spent = serializers.CharField(help_text="Decimal string, тис. грн (accepted reports).")
    share_spent = serializers.CharField(allow_null=True, help_text="%, one decimal; null if 0.")


class PlanFiguresSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    unit = serializers.CharField()
    money = MoneyRowSerializer(many=True)
    indicators = serializers.ListField(
        child=serializers.DictField(),
        help_text="Per indicator: measure_uid, number, indicator, unit, kind (count|level), "
        "baseline, baseline_year, targets_by_year, target_by_plan_end, confirmed, periods "
        "[{period, value, running_total, target, share_of_target, categories}]; decimal strings.",
    )


class PlanFigures(APIView):
    @extend_schema(
        summary="A plan's money and indicators",
        description="Planned (the plan's amounts per year) against spent (accepted reports) "
        "per year and funding source, in тис. грн as decimal strings; each indicator with "
        "its baseline, targets and values per period from accepted reports. Coordinators, "
        "reviewers and viewers of the plan's owner or above (others: 404).",
        responses={200: PlanFiguresSerializer, **UNAUTHORIZED, **NOT_FOUND},
        tags=["monitoring"],
    )
    def get(self, request: Request, pk: int) -> Response:
        plan, _can_review = plan_for_monitor(request, pk)
        data = {
            "plan": plan.pk,
            "unit": UNIT,
            "money": money_records(plan),
            "indicators": indicator_records(plan),
        }
        return Response(PlanFiguresSerializer(data).data)
