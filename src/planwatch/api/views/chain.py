"""Hand-overs of summaries and approvals up the chain: read, and each step.

Every decision is the pages' own: `planwatch.access.plan_for_chain` (monitors of
the plan see; its own coordinators hand over and submit; only the direct upper body's
coordinators accept, return, reopen — else 403; everyone else 404), and the steps are
`monitoring.handover` / `monitoring.approvals` (their Ukrainian messages become 409s).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.access import ChainAccess, chain_rows_for, plan_for_chain
from planwatch.api.filters import ApprovalFilter, HandoverFilter
from planwatch.api.serializers.chain import (
    ApprovalReviewSerializer,
    ApprovalSerializer,
    HandoverSerializer,
    PrepareSerializer,
    RegisterSerializer,
    SignSerializer,
    SubmitSerializer,
)
from planwatch.api.views.common import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHORIZED,
    Error,
    subtree_path,
)
from planwatch.lib.uploads import clean_upload_name
from planwatch.monitoring import approvals, handover
from planwatch.monitoring.models import Approval, Duty, Handover
from planwatch.plan_reports.models import JobStatus, ReportFile

RULES = {409: OpenApiResponse(Error, description="The rules refuse the step; nothing done.")}


def _chain(request: Request, plan_id: int) -> ChainAccess:
    """Monitors of the plan get its access; everyone else 404 (the helper's Http404)."""
    return plan_for_chain(request, plan_id)


def _refused(exc: Exception) -> Response:
    return Response({"detail": str(exc)}, 409)


# ---- approvals ----------------------------------------------------------------------------


def _approvals():
    return Approval.objects.select_related(
        "plan__owner", "parent", "submitted_by", "decided_by"
    ).prefetch_related("events__user")


def _approval_response(request: Request, pk: int, status: int = 200) -> Response:
    row = get_object_or_404(_approvals(), pk=pk)
    return Response(ApprovalSerializer(row, context={"request": request}).data, status=status)


@extend_schema_view(
    get=extend_schema(
        summary="Approvals up the chain",
        description="Period summaries of the plans the caller monitors (coordinators, "
        "reviewers, viewers of the plan's body or above), each with its state and every step. "
        "`awaiting=true`: only submissions waiting for the caller's decision. A period without "
        "a row was never submitted.",
        parameters=[ApprovalFilter],
        responses={200: ApprovalSerializer(many=True), **BAD_REQUEST, **UNAUTHORIZED},
        tags=["approvals"],
    ),
    post=extend_schema(
        summary="Submit a period to the upper level",
        description="Coordinators and admins of the plan's own body (not a body above: 403). "
        "The period must have ended; no report of it may wait for the coordinator's review; a "
        "returned or reopened period is submitted again the same way. The upper body's "
        "coordinators are notified.",
        request=SubmitSerializer,
        responses={
            200: ApprovalSerializer,
            **BAD_REQUEST,
            **UNAUTHORIZED,
            **FORBIDDEN,
            **NOT_FOUND,
            **RULES,
        },
        tags=["approvals"],
    ),
)
class ApprovalList(ListAPIView):
    serializer_class = ApprovalSerializer

    def get_queryset(self):
        params = ApprovalFilter.clean(self.request)
        rows = chain_rows_for(self.request, _approvals())
        if "plan" in params:
            rows = rows.filter(plan_id=params["plan"])
        if "organization" in params:
            rows = rows.filter(plan__owner__path__startswith=subtree_path(params["organization"]))
        for name in ("period", "state"):
            if name in params:
                rows = rows.filter(**{name: params[name]})
        if params.get("awaiting"):
            waiting = [a.pk for a in approvals.awaiting(self.request._planwatch_access)]
            rows = rows.filter(pk__in=waiting)
        return rows.order_by("-period_end", "plan_id", "pk")

    @transaction.atomic
    def post(self, request: Request) -> Response:
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        can = _chain(request, data["plan"])
        if not can.can_act:
            raise PermissionDenied(_("Only coordinators of the plan's own body submit it."))
        period = approvals.period_or_none(data["period"])
        if period is None:
            raise ValidationError({"period": [_("Not a quarter, half-year or year.")]})
        try:
            row = approvals.submit(
                can.plan, period, request.user, can.chain, timezone.localdate(), data.get("version")
            )
        except approvals.ApprovalError as exc:
            return _refused(exc)
        return _approval_response(request, row.pk)


def _approval_for(request: Request, pk: int) -> tuple[Approval, ChainAccess]:
    row = get_object_or_404(Approval, pk=pk)
    return row, _chain(request, row.plan_id)


class ApprovalDetail(APIView):
    @extend_schema(
        summary="One approval",
        responses={200: ApprovalSerializer, **UNAUTHORIZED, **NOT_FOUND},
        tags=["approvals"],
    )
    def get(self, request: Request, pk: int) -> Response:
        _approval_for(request, pk)
        return _approval_response(request, pk)


class ApprovalReview(APIView):
    @extend_schema(
        summary="Accept, return or reopen a period",
        description="Coordinators and admins of the direct upper body only (a body further "
        "up, the plan's own body and everyone else who sees it: 403). Accept or return "
        "(comment required) a submitted period; reopen an accepted one (reason required). "
        "Accepting locks the plan's execution reports of the period; the plan's own "
        "coordinators are notified of every decision.",
        request=ApprovalReviewSerializer,
        responses={
            200: ApprovalSerializer,
            **BAD_REQUEST,
            **UNAUTHORIZED,
            **FORBIDDEN,
            **NOT_FOUND,
            **RULES,
        },
        tags=["approvals"],
    )
    @transaction.atomic
    def post(self, request: Request, pk: int) -> Response:
        row, can = _approval_for(request, pk)
        if not can.can_decide:
            raise PermissionDenied(_("Only coordinators of the direct upper body decide."))
        body = ApprovalReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            approvals.decide(
                row,
                data["action"],
                request.user,
                can.chain,
                data.get("comment", ""),
                data.get("version"),
            )
        except approvals.ApprovalError as exc:
            return _refused(exc)
        return _approval_response(request, pk)


# ---- hand-overs ---------------------------------------------------------------------------


def _handovers():
    return Handover.objects.select_related(
        "plan__owner", "prepared_by", "signed_by", "sent_by"
    ).prefetch_related("events__user")


def _handover_response(request: Request, pk: int, status: int = 200) -> Response:
    row = get_object_or_404(_handovers(), pk=pk)
    return Response(HandoverSerializer(row, context={"request": request}).data, status=status)


def _handover_for(request: Request, pk: int, act: bool = False) -> Handover:
    row = get_object_or_404(Handover, pk=pk)
    can = _chain(request, row.plan_id)
    if act and not can.can_act:
        raise PermissionDenied(_("Only coordinators of the plan's own body hand it over."))
    return row


@extend_schema_view(
    get=extend_schema(
        summary="Hand-overs of summaries",
        description="Prepared → signed → sent/registered, per plan, summary duty and period, "
        "for plans the caller monitors. A summary duty's period missing here is not yet "
        "handed over (the dashboard lists them).",
        parameters=[HandoverFilter],
        responses={200: HandoverSerializer(many=True), **BAD_REQUEST, **UNAUTHORIZED},
        tags=["hand-over"],
    ),
    post=extend_schema(
        summary="Record a summary as prepared",
        description="Coordinators and admins of the plan's own body. `duty` is a summary duty "
        "of the plan, `period` one of its periods that has ended; `document` optionally a "
        "ready generated report file of the plan.",
        request=PrepareSerializer,
        responses={
            201: HandoverSerializer,
            **BAD_REQUEST,
            **UNAUTHORIZED,
            **FORBIDDEN,
            **NOT_FOUND,
            **RULES,
        },
        tags=["hand-over"],
    ),
)
class HandoverList(ListAPIView):
    serializer_class = HandoverSerializer

    def get_queryset(self):
        params = HandoverFilter.clean(self.request)
        rows = chain_rows_for(self.request, _handovers())
        if "plan" in params:
            rows = rows.filter(plan_id=params["plan"])
        for name in ("period", "state"):
            if name in params:
                rows = rows.filter(**{name: params[name]})
        return rows.order_by("-due_date", "plan_id", "pk")

    @transaction.atomic
    def post(self, request: Request) -> Response:
        body = PrepareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        can = _chain(request, data["plan"])
        if not can.can_act:
            raise PermissionDenied(_("Only coordinators of the plan's own body hand it over."))
        duty = Duty.objects.filter(plan=can.plan, pk=data["duty"]).first()
        period = handover.duty_period(duty, data["period"]) if duty else None
        if period is None:
            raise ValidationError({"period": [_("Not a period of this plan's duty.")]})
        document = None
        if data.get("document"):
            done = ReportFile.objects.filter(plan=can.plan, status=JobStatus.DONE)
            document = done.filter(pk=data["document"]).first()
            if document is None:
                raise ValidationError({"document": [_("Not a ready report file of this plan.")]})
        try:
            row = handover.prepare(
                can.plan,
                duty,
                period,
                request.user,
                timezone.localdate(),
                document=document,
                note=data.get("note", ""),
            )
        except handover.HandoverError as exc:
            return _refused(exc)
        return _handover_response(request, row.pk, 201)


class HandoverDetail(APIView):
    @extend_schema(
        summary="One hand-over",
        responses={200: HandoverSerializer, **UNAUTHORIZED, **NOT_FOUND},
        tags=["hand-over"],
    )
    def get(self, request: Request, pk: int) -> Response:
        _handover_for(request, pk)
        return _handover_response(request, pk)


STEP_RESPONSES = {
    200: HandoverSerializer,
    **BAD_REQUEST,
    **UNAUTHORIZED,
    **FORBIDDEN,
    **NOT_FOUND,
    **RULES,
}


class HandoverSign(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Upload the signed file",
        description="multipart/form-data. A PDF, or a container made with a qualified "
        "electronic signature (КЕП): .p7s (CMS) or .asice (ASiC-E) — recognised by its bytes, "
        "the extension must agree; kept exactly as uploaded with its sha256 and size.",
        request={"multipart/form-data": SignSerializer},
        responses=STEP_RESPONSES,
        tags=["hand-over"],
    )
    @transaction.atomic
    def post(self, request: Request, pk: int) -> Response:
        row = _handover_for(request, pk, act=True)
        body = SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        upload.name = clean_upload_name(upload.name)
        try:
            kind = handover.check_signed(upload)
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        try:
            handover.sign(row, upload, kind, request.user, body.validated_data.get("version"))
        except handover.HandoverError as exc:
            return _refused(exc)
        return _handover_response(request, pk)


class HandoverRegister(APIView):
    @extend_schema(
        summary="Record as sent and registered",
        description="Outgoing number, date and addressee, after the signed file.",
        request=RegisterSerializer,
        responses=STEP_RESPONSES,
        tags=["hand-over"],
    )
    @transaction.atomic
    def post(self, request: Request, pk: int) -> Response:
        row = _handover_for(request, pk, act=True)
        body = RegisterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        fields = {k: data[k] for k in ("outgoing_number", "outgoing_date", "addressee")}
        fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
        if not fields["outgoing_number"] or not fields["addressee"]:
            required = [_("This field is required.")]
            raise ValidationError({"outgoing_number": required, "addressee": required})
        try:
            handover.register(row, request.user, data.get("version"), **fields)
        except handover.HandoverError as exc:
            return _refused(exc)
        return _handover_response(request, pk)
