"""Execution reports: read (list, one), write and submit (executors), review (coordinators).

Writes go through the pages' own code: `_get_slot_for_user` decides who is a party,
`ReportForm` validates, `workflow.save_reports` / `review_reports` save in one transaction
with the row lock and version check. A report is addressed by its expected report's id.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.api.access import access_of, is_writable, public_slots, slots_for
from planwatch.api.filters import ReportFilter
from planwatch.api.serializers.reports import (
    ReportSerializer,
    ReportWriteSerializer,
    ReviewSerializer,
)
from planwatch.api.views.common import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHORIZED,
    subtree_path,
)
from planwatch.monitoring.forms import ReportForm, ReviewForm
from planwatch.monitoring.models import ExpectedReport
from planwatch.monitoring.models.reports import WorkflowError
from planwatch.monitoring.views.access import SlotAccess, _get_slot_for_user
from planwatch.monitoring.views.dashboard import filter_slots
from planwatch.monitoring.workflow import review_reports, save_reports, targets_of

TAGS = ["reports"]
RELATED = ("plan__owner", "measure", "organization", "report")


def _slots(queryset):
    return queryset.select_related(*RELATED).prefetch_related("report__evidence")


@extend_schema_view(
    get=extend_schema(
        summary="Execution reports",
        description="Active expected reports the caller is a party to (writer, monitor of the "
        "plan, co-executor of the measure) and accepted reports on public plans, by period. "
        "Anonymous callers see only the latter, without comments or files.",
        parameters=[ReportFilter],
        responses={200: ReportSerializer(many=True), **BAD_REQUEST},
        tags=TAGS,
    )
)
class ReportList(ListAPIView):
    serializer_class = ReportSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        params = ReportFilter.clean(self.request)
        slots = slots_for(self.request).filter(is_active=True)
        if "plan" in params:
            slots = slots.filter(plan_id=params["plan"])
        if "organization" in params:
            slots = slots.filter(
                organization__path__startswith=subtree_path(params["organization"])
            )
        if params.get("mine"):
            slots = slots.for_executor(access_of(self.request))
        show = {"period": params.get("period"), "show": params.get("status")}
        slots = filter_slots(slots, show, timezone.localdate())
        return _slots(slots).order_by(
            "period_end", "plan_id", "measure__position", "organization__name", "pk"
        )


def get_slot(request: Request, pk: int) -> tuple[ExpectedReport, SlotAccess]:
    """The report page's access helper; else a public accepted report (read only); else 404."""
    if request.user.is_authenticated:
        try:
            return _get_slot_for_user(request, pk)
        except Http404:
            pass
    slot = get_object_or_404(_slots(public_slots()), pk=pk)
    return slot, SlotAccess(can_write=False, can_review=False, can_read=True)


def _fresh(request: Request, pk: int, can: SlotAccess) -> Response:
    slot = get_object_or_404(_slots(ExpectedReport.objects.all()), pk=pk)
    return Response(ReportSerializer(slot, context={"request": request, "can": can}).data)


def _form_data(body: dict) -> dict:
    data = {
        "outcome": body.get("outcome", ""),
        "narrative": body.get("narrative", ""),
        "seen": body.get("version", ""),
    }
    for index, value in enumerate(body.get("values") or []):
        data[f"value_{index}"] = "" if value is None else str(value)
    return data


def _form_errors(form: ReportForm) -> dict:
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        key = "values" if name.startswith("value_") else name
        errors.setdefault(key, []).extend(messages)
    return errors


def _save(request: Request, pk: int, *, submit: bool) -> Response:
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    slot, can = get_slot(request, pk)
    if not can.can_write:
        raise PermissionDenied("Only the reporting organisation's executors write this report.")
    body = ReportWriteSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    if not is_writable(can, slot):
        return Response({"detail": "This report is locked: it was handed in or accepted."}, 409)
    form = ReportForm(_form_data(body.validated_data), targets=targets_of(slot), submitting=submit)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    try:
        save_reports([(slot, form)], request.user, submit=submit)
    except WorkflowError:
        return Response({"detail": "Someone else saved this report meanwhile; nothing saved."}, 409)
    return _fresh(request, pk, can)


WRITE_RESPONSES = {
    200: ReportSerializer,
    **BAD_REQUEST,
    **UNAUTHORIZED,
    **FORBIDDEN,
    **NOT_FOUND,
    **CONFLICT,
}


class ReportDetail(APIView):
    permission_classes = [AllowAny]  # writes check authentication themselves (401)

    @extend_schema(
        summary="One execution report",
        description="A draft's content is shown only to its writers (`report` null for others).",
        responses={200: ReportSerializer, **NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        slot, can = get_slot(request, pk)
        return Response(ReportSerializer(slot, context={"request": request, "can": can}).data)

    @extend_schema(
        summary="Save a draft",
        description="Executors of the reporting organisation, while the report is a draft or "
        "returned. Replaces outcome, narrative and values; send `version` from the last read "
        "(empty for the first save): a save over a newer one is 409.",
        request=ReportWriteSerializer,
        responses=WRITE_RESPONSES,
        tags=TAGS,
    )
    @transaction.atomic
    def put(self, request: Request, pk: int) -> Response:
        return _save(request, pk, submit=False)


class ReportSubmit(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Save and submit",
        description="As saving a draft, then hands the report in (outcome and narrative "
        "required). The coordinator then accepts or returns it.",
        request=ReportWriteSerializer,
        responses=WRITE_RESPONSES,
        tags=TAGS,
    )
    @transaction.atomic
    def post(self, request: Request, pk: int) -> Response:
        return _save(request, pk, submit=True)


class ReportReview(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Accept, return or reopen",
        description="Coordinators and admins of the plan's owner (or above). Accept or return a "
        "submitted report (return needs a comment); reopen an accepted one (with a reason).",
        request=ReviewSerializer,
        responses={
            **WRITE_RESPONSES,
            403: OpenApiResponse(description="Seen but not a coordinator of the plan."),
        },
        tags=TAGS,
    )
    @transaction.atomic
    def post(self, request: Request, pk: int) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        slot, can = get_slot(request, pk)
        if not can.can_review:
            raise PermissionDenied("Only coordinators of the plan review reports.")
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = ReviewForm(body.validated_data)
        if not form.is_valid():
            raise ValidationError(form.errors)
        action, comment = form.cleaned_data["action"], form.cleaned_data["comment"].strip()
        try:
            review_reports([slot], request.user, action, comment)
        except WorkflowError:
            return Response({"detail": "The report is not in a state this action needs."}, 409)
        return _fresh(request, pk, can)
