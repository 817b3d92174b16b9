"""Linked plans: which upper plan a plan carries out and how its measures are linked, and
which lower plans' measures are linked to its own (`plans.upper_links`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.access import plan_for_monitor
from planwatch.api.serializers.chain import PlanRefSerializer
from planwatch.api.views.common import NOT_FOUND, UNAUTHORIZED
from planwatch.plans.models import LinkState, MeasureLink, PlanLink


class MeasureLinkSerializer(serializers.Serializer):
    measure = serializers.IntegerField(help_text="A measure of this plan's current revision.")
    upper_measure = serializers.IntegerField(
        allow_null=True, help_text="The upper plan's measure it implements; null: none (yet)."
    )
    state = serializers.ChoiceField(
        choices=LinkState.choices,
        help_text="suggested (by the matcher, not yet decided), confirmed, or nothing "
        "(implements no measure of the upper plan).",
    )


class LowerLinkSerializer(serializers.Serializer):
    measure = serializers.IntegerField(help_text="A measure of this plan's current revision.")
    lower_plan = PlanRefSerializer()
    lower_measure = serializers.IntegerField()


class PlanLinksSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    upper_plan = PlanRefSerializer(allow_null=True, help_text="null: not linked to an upper plan.")
    measures = MeasureLinkSerializer(many=True, help_text="This plan's measures → upper measures.")
    lower = LowerLinkSerializer(
        many=True, help_text="Confirmed links of lower plans' current measures to this plan's."
    )


def _ref(plan) -> dict:
    return {"id": plan.pk, "title": plan.title, "owner": plan.owner}


class PlanLinks(APIView):
    @extend_schema(
        summary="A plan's links to its upper plan and from lower plans",
        description="The upper plan this plan carries out and, per measure of its current "
        "revision, the upper measure it implements (suggested, confirmed or nothing); and "
        "the lower plans' measures confirmed as implementing this plan's measures. What "
        "those measures reported is under /reports/. Coordinators, reviewers and viewers "
        "of the plan's owner or above (others: 404).",
        responses={200: PlanLinksSerializer, **UNAUTHORIZED, **NOT_FOUND},
        tags=["plans"],
    )
    def get(self, request: Request, pk: int) -> Response:
        plan, _can_review = plan_for_monitor(request, pk)
        link = PlanLink.objects.filter(lower=plan).select_related("upper__owner").first()
        measures = MeasureLink.objects.filter(lower__revision=plan.current_revision_id)
        lower = (
            MeasureLink.objects.filter(
                upper__revision=plan.current_revision_id,
                lower__revision__is_current=True,
                state=LinkState.CONFIRMED,
            )
            .select_related("lower__revision__plan__owner")
            .order_by("upper__position", "lower__revision__plan_id", "lower__position")
        )
        data = {
            "plan": plan.pk,
            "upper_plan": _ref(link.upper) if link else None,
            "measures": [
                {"measure": m.lower_id, "upper_measure": m.upper_id, "state": m.state}
                for m in measures.order_by("lower__position")
            ],
            "lower": [
                {
                    "measure": m.upper_id,
                    "lower_plan": _ref(m.lower.revision.plan),
                    "lower_measure": m.lower_id,
                }
                for m in lower
            ],
        }
        return Response(PlanLinksSerializer(data).data)
