"""The meetings register (meetings with their decisions, decisions across meetings) and the
plan-wide events, read-only. The same rules as the pages (`meetings.access`,
`PlanEvent.objects.visible_to`): whoever sees the plan reads them; anonymous callers get 401."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView, RetrieveAPIView

from planwatch.api.filters import DecisionFilter, EventFilter, MeetingFilter
from planwatch.api.serializers.meetings import (
    DecisionSerializer,
    MeetingSerializer,
    PlanEventSerializer,
)
from planwatch.api.views.common import BAD_REQUEST, NOT_FOUND, UNAUTHORIZED, subtree_path
from planwatch.meetings.models import CLOSED, Decision, Meeting
from planwatch.orgs.access import get_access
from planwatch.plans.models import Plan, PlanEvent


def _meetings(request):
    return (
        Meeting.objects.visible_to(get_access(request))
        .prefetch_related("decisions__responsible")
        .order_by("-date", "-id")
    )


@extend_schema_view(
    get=extend_schema(
        summary="Meetings",
        description="Meetings of the working groups and councils of the plans the caller sees, "
        "newest first, each with its decisions.",
        parameters=[MeetingFilter],
        responses={200: MeetingSerializer(many=True), **BAD_REQUEST, **UNAUTHORIZED},
        tags=["meetings"],
    )
)
class MeetingList(ListAPIView):
    serializer_class = MeetingSerializer

    def get_queryset(self):
        params = MeetingFilter.clean(self.request)
        meetings = _meetings(self.request)
        if "plan" in params:
            meetings = meetings.filter(plan_id=params["plan"])
        if "period" in params:
            meetings = meetings.filter(period=params["period"])
        return meetings


@extend_schema_view(
    get=extend_schema(
        summary="One meeting",
        responses={200: MeetingSerializer, **UNAUTHORIZED, **NOT_FOUND},
        tags=["meetings"],
    )
)
class MeetingDetail(RetrieveAPIView):
    serializer_class = MeetingSerializer

    def get_queryset(self):
        return _meetings(self.request)


@extend_schema_view(
    get=extend_schema(
        summary="Meeting decisions",
        description="Decisions of the meetings the caller sees, soonest due first; `overdue` "
        "is neither done nor cancelled and past the due date.",
        parameters=[DecisionFilter],
        responses={200: DecisionSerializer(many=True), **BAD_REQUEST, **UNAUTHORIZED},
        tags=["meetings"],
    )
)
class DecisionList(ListAPIView):
    serializer_class = DecisionSerializer

    def get_queryset(self):
        params = DecisionFilter.clean(self.request)
        visible = Meeting.objects.visible_to(get_access(self.request))
        decisions = Decision.objects.filter(meeting__in=visible).select_related("responsible")
        if "plan" in params:
            decisions = decisions.filter(meeting__plan_id=params["plan"])
        if "organization" in params:
            path = subtree_path(params["organization"])
            decisions = decisions.filter(responsible__path__startswith=path)
        status = params.get("status")
        if status == "open":
            decisions = decisions.exclude(status__in=CLOSED)
        elif status == "overdue":
            decisions = decisions.overdue(timezone.localdate())
        elif status:
            decisions = decisions.filter(status="open" if status == "not_started" else status)
        return decisions.order_by("due_date", "id")


@extend_schema_view(
    get=extend_schema(
        summary="Plan-wide events",
        description='Events that conditional deadlines wait for ("припинення воєнного стану"), '
        "of the plans and organisations the caller sees, with the measures linked to each; "
        "a `date` gives those measures their deadlines.",
        parameters=[EventFilter],
        responses={200: PlanEventSerializer(many=True), **BAD_REQUEST, **UNAUTHORIZED},
        tags=["meetings"],
    )
)
class EventList(ListAPIView):
    serializer_class = PlanEventSerializer

    def get_queryset(self):
        params = EventFilter.clean(self.request)
        access = get_access(self.request)
        events = PlanEvent.objects.visible_to(access).prefetch_related("links")
        if "plan" in params:
            plan = Plan.objects.visible_to(access).select_related("owner")
            plan = plan.filter(pk=params["plan"]).first()
            if plan is None:
                return PlanEvent.objects.none()
            events = events.filter(pk__in=PlanEvent.objects.for_plan(plan).values("pk"))
        return events.order_by("name", "id")
