"""Plans, a plan's heading tree with its measures, and measures across plans."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView, RetrieveAPIView, get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.access import measures_for, plans_for
from planwatch.api.filters import MeasureFilter, PlanFilter
from planwatch.api.serializers.plans import (
    MeasureSerializer,
    PlanSerializer,
    PlanTreeSerializer,
    attach_executors,
)
from planwatch.api.views.common import BAD_REQUEST, NOT_FOUND, subtree_path
from planwatch.plans.models import MeasureExecutor
from planwatch.plans.tree import load_tree

PUBLIC_NOTE = " Anonymous callers see the public plans only."


def _plans(request):
    return plans_for(request).select_related("owner", "current_revision")


# The columns PlanSerializer reads: not the revision's totals and warnings (JSON decoded for
# nothing) or the other columns joined in.
PLAN_COLUMNS = (
    *("title", "status", "is_public", "updated_at", "owner__name", "owner__kind"),
    *("current_revision__number", "current_revision__title", "current_revision__issuer"),
    *("current_revision__approval_text", "current_revision__approval_date"),
    *("current_revision__approval_number", "current_revision__period_start"),
    *("current_revision__period_end", "current_revision__columns"),
)
# MeasureSerializer's: not the measure's source lines, warnings and search text.
MEASURE_COLUMNS = (
    *("revision__plan", "revision__number", "node", "number", "text", "deadline_text"),
    *("deadline", "deadline_start", "deadline_end", "funding_text", "funding"),
    *("executors_text", "indicator_text", "indicator"),
)


@extend_schema_view(
    get=extend_schema(
        summary="Plans",
        description="Plans the caller sees in the app, plus every public plan, newest change "
        "first." + PUBLIC_NOTE,
        parameters=[PlanFilter],
        responses={200: PlanSerializer(many=True), **BAD_REQUEST},
        tags=["plans"],
    )
)
class PlanList(ListAPIView):
    serializer_class = PlanSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        params = PlanFilter.clean(self.request)
        plans = _plans(self.request)
        if "organization" in params:
            plans = plans.filter(owner__path__startswith=subtree_path(params["organization"]))
        if "status" in params:
            plans = plans.filter(status=params["status"])
        if "year" in params:
            plans = plans.filter(
                current_revision__period_start__lte=params["year"],
                current_revision__period_end__gte=params["year"],
            )
        if "q" in params:
            plans = plans.filter(title__icontains=params["q"])
        return plans.only(*PLAN_COLUMNS).order_by("-updated_at", "-id")


@extend_schema_view(
    get=extend_schema(
        summary="One plan",
        description="The plan and its current revision's metadata." + PUBLIC_NOTE,
        responses={200: PlanSerializer, **NOT_FOUND},
        tags=["plans"],
    )
)
class PlanDetail(RetrieveAPIView):
    serializer_class = PlanSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return _plans(self.request)


class PlanTree(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A plan's tree",
        description="The current revision's headings (sections, goals, tasks) nested as "
        "printed, each with its measures: cell texts and normalised values. Three queries "
        "whatever the plan's size. Measures under no heading come first, in a node with "
        "`id` null." + PUBLIC_NOTE,
        responses={200: PlanTreeSerializer, **NOT_FOUND},
        tags=["plans"],
    )
    def get(self, request: Request, pk: int) -> Response:
        plan = get_object_or_404(_plans(request), pk=pk)
        if plan.current_revision is None:
            raise Http404("no published revision")
        nodes = load_tree(plan.current_revision)
        data = {"plan": plan, "revision": plan.current_revision, "nodes": nodes}
        return Response(PlanTreeSerializer(data, context={"request": request}).data)


def _measures(request):
    return measures_for(request).select_related("revision")


@extend_schema_view(
    get=extend_schema(
        summary="Measures",
        description="Measures of the current revisions of the plans the caller sees, in plan "
        "and document order." + PUBLIC_NOTE,
        parameters=[MeasureFilter],
        responses={200: MeasureSerializer(many=True), **BAD_REQUEST},
        tags=["plans"],
    )
)
class MeasureList(ListAPIView):
    serializer_class = MeasureSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        params = MeasureFilter.clean(self.request)
        measures = _measures(self.request).filter(revision__is_current=True)
        if "plan" in params:
            measures = measures.filter(revision__plan_id=params["plan"])
        if "organization" in params:
            measures = measures.filter(
                pk__in=MeasureExecutor.objects.filter(
                    organization__path__startswith=subtree_path(params["organization"])
                ).values("measure")
            )
        if "year" in params:
            measures = measures.due_in_year(params["year"])
        if "status" in params:
            measures = measures.with_timing(params["status"], timezone.localdate())
        if "q" in params:
            measures = measures.matching(params["q"])
        return measures.only(*MEASURE_COLUMNS).order_by("revision__plan_id", "position", "id")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_executors(page)
        return page


@extend_schema_view(
    get=extend_schema(
        summary="One measure",
        description="Any revision's measure of a plan the caller sees; for other public plans "
        "the current revision's." + PUBLIC_NOTE,
        responses={200: MeasureSerializer, **NOT_FOUND},
        tags=["plans"],
    )
)
class MeasureDetail(RetrieveAPIView):
    serializer_class = MeasureSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return _measures(self.request).prefetch_related("executor_links__organization")
