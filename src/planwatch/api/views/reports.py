"""Execution reports: read (list, one), write and submit (executors), review (coordinators).

Writes go through the pages' own code: `expected_report_for_user` decides who is a party,
`ExecutionReportForm` validates, `workflow.save_reports` / `review_reports` save in one transaction
with the row lock and version check. A report is addressed by its expected report's id.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.access import (
    ReportAccess,
    expected_report_for_user,
    expected_report_parts,
    expected_reports_for,
    is_writable,
    public_expected_reports,
)
from planwatch.api.filters import ReportFilter
from planwatch.api.serializers.reports import (
    ReportSerializer,
    ReportWriteSerializer,
    ReviewSerializer,
    attach_content,
)
from planwatch.api.views.common import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHORIZED,
    subtree_path,
)
from planwatch.lib.versioning import etag
from planwatch.monitoring.approvals import PeriodLocked
from planwatch.monitoring.forms import ExecutionReportForm, ReviewForm
from planwatch.monitoring.indicators import indicators_of
from planwatch.monitoring.models import ExpectedReport
from planwatch.monitoring.models.reports import WorkflowError
from planwatch.monitoring.numbers_form import NumbersForm
from planwatch.monitoring.workflow import (
    ReportChanged,
    review_reports,
    save_reports,
    targets_of,
)
from planwatch.orgs.access import get_access

TAGS = ["reports"]
RELATED = ("plan__owner", "measure", "organization", "report")
# The columns a listed row reads (ReportSerializer, report_access): not the measure's cells and
# JSON or the other columns of the plan and organisations joined in — decoding them was a
# good part of a page's CPU. A column left out here would be a query per row
# (tests/api/test_query_counts.py).
LIST_COLUMNS = (
    *("plan__owner__path", "period", "period_start", "period_end", "due_date"),
    *("optional", "is_active", "measure__number", "measure__text", "organization__name"),
    *("organization__kind", "organization__path", "report__outcome", "report__narrative"),
    *("report__values", "report__state", "report__comment", "report__first_submitted_at"),
    *("report__submitted_at", "report__accepted_at", "report__updated_at", "report__version"),
)


def _with_content(queryset):
    return queryset.select_related(*RELATED).prefetch_related(
        "report__evidence", "report__indicator_values", "report__spending"
    )


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
        parts = expected_report_parts(self.request)
        everything = self._filtered(ExpectedReport.objects.all(), params)
        self.count_parts = parts and [everything.filter(part) for part in parts]
        return (
            self._filtered(expected_reports_for(self.request), params)
            .select_related(*RELATED)
            .only(*LIST_COLUMNS)
            .order_by("period_end", "plan_id", "measure__position", "organization__name", "pk")
        )

    def _filtered(self, expected_reports, params):
        expected_reports = expected_reports.filter(is_active=True)
        if "plan" in params:
            expected_reports = expected_reports.filter(plan_id=params["plan"])
        if "organization" in params:
            expected_reports = expected_reports.filter(
                organization__path__startswith=subtree_path(params["organization"])
            )
        if params.get("mine"):
            expected_reports = expected_reports.for_executor(get_access(self.request))
        return expected_reports.matching(
            timezone.localdate(), period=params.get("period"), show=params.get("status")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_content(page)  # the reports' numbers and files: three queries
        return page


def get_expected_report(request: Request, pk: int) -> tuple[ExpectedReport, ReportAccess]:
    """The report page's access helper; else a public accepted report (read only); else 404."""
    if request.user.is_authenticated:
        try:
            return expected_report_for_user(request, pk)
        except Http404:
            pass
    expected = get_object_or_404(_with_content(public_expected_reports()), pk=pk)
    return expected, ReportAccess(can_write=False, can_review=False, can_read=True)


def _fresh(request: Request, pk: int, can: ReportAccess, status: int = 200, **extra) -> Response:
    """The report as it is now, with its `ETag` (the version) when the caller reads it."""
    expected = get_object_or_404(_with_content(ExpectedReport.objects.all()), pk=pk)
    return _shown(request, expected, can, status, **extra)


def _shown(request: Request, expected, can: ReportAccess, status: int = 200, **extra) -> Response:
    data = ReportSerializer(expected, context={"request": request, "can": can}).data
    response = Response({**extra, "current": data} if extra else data, status=status)
    version = (data.get("report") or {}).get("version")
    if version:
        response["ETag"] = etag(version)
    return response


def _sent_version(request: Request, body: dict) -> tuple[str | None, bool]:
    """(the version the client read, whether it came as `If-Match`): the header wins."""
    header = request.headers.get("If-Match")
    if header is not None:
        return header, True
    return body.get("version"), False


def _changed(request: Request, pk: int, can: ReportAccess, by_header: bool) -> Response:
    """409 (412 for `If-Match`): nothing written; the report as it is now, to compare."""
    detail = _(
        "Someone else changed this report after you read it; nothing was done. "
        "Compare with the current version (“current”) and send again with its version."
    )
    return _fresh(request, pk, can, 412 if by_header else 409, detail=detail)


def _form_data(body: dict, version) -> dict:
    data = {
        "outcome": body.get("outcome", ""),
        "narrative": body.get("narrative", ""),
        "seen": "" if version is None else str(version),
    }
    for index, value in enumerate(body.get("values") or []):
        data[f"value_{index}"] = "" if value is None else str(value)
    return data


def _form_errors(form: ExecutionReportForm) -> dict:
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        key = "values" if name.startswith("value_") else name
        errors.setdefault(key, []).extend(messages)
    return errors


def _save(request: Request, pk: int, *, submit: bool) -> Response:
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    expected, can = get_expected_report(request, pk)
    if not can.can_write:
        raise PermissionDenied(_("Only the reporting organisation's executors write this report."))
    body = ReportWriteSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    if not is_writable(can, expected):
        return Response({"detail": LOCKED}, 409)
    version, by_header = _sent_version(request, body.validated_data)
    data = _form_data(body.validated_data, version)
    form = ExecutionReportForm(data, targets=targets_of(expected), submitting=submit)
    errors = {} if form.is_valid() else _form_errors(form)
    form.numbers = _numbers(expected, body.validated_data, errors)
    if errors:
        raise ValidationError(errors)
    try:
        save_reports([(expected, form)], request.user, submit=submit)
    except ReportChanged:
        return _changed(request, pk, can, by_header)
    except PeriodLocked as exc:
        return Response({"detail": str(exc)}, 409)
    except WorkflowError:
        return Response({"detail": LOCKED}, 409)
    return _fresh(request, pk, can)


def _numbers(expected: ExpectedReport, body: dict, errors: dict) -> NumbersForm | None:
    """The report page's numbers form bound to the body's `indicator_values` / `spending`
    (None if neither was sent: the numbers stay as they are); its errors into `errors`."""
    values, spending = body.get("indicator_values"), body.get("spending")
    if values is None and spending is None:
        return None
    if values is not None:
        values = [{**v, "indicator": v["indicator_id"]} for v in values]
    form = NumbersForm(
        indicators=indicators_of(expected),
        funding=expected.measure.funding,
        report=expected.report_or_none(),
    )
    errors.update(form.fill(values, spending))
    if not form.is_valid():
        for name, messages in form.errors.items():
            key = "spending" if name.startswith("s_") else "indicator_values"
            label = form.fields[name].label if name in form.fields else name
            errors.setdefault(key, []).extend(f"{label}: {m}" for m in messages)
    return form


LOCKED = gettext_lazy("This report is locked: it was handed in or accepted.")


StaleReport = inline_serializer(
    "StaleReport", {"detail": serializers.CharField(), "current": ReportSerializer()}
)
WRITE_RESPONSES = {
    200: OpenApiResponse(ReportSerializer, description="Done; header `ETag`: the new version."),
    **BAD_REQUEST,
    **UNAUTHORIZED,
    **FORBIDDEN,
    **NOT_FOUND,
    409: OpenApiResponse(
        StaleReport,
        description="Nothing done. The report changed since the `version` sent (`current`: "
        "the report as it is now, to compare and send again), or it is locked (handed in or "
        "accepted; `detail` only).",
    ),
    412: OpenApiResponse(
        StaleReport, description="As 409, when the version came in `If-Match` (nothing done)."
    ),
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The report's `ETag` (its `version`) as last read, instead of `version` in "
    "the body; a stale one is 412.",
)


class ReportDetail(APIView):
    permission_classes = [AllowAny]  # writes check authentication themselves (401)

    @extend_schema(
        summary="One execution report",
        description="A draft's content is shown only to its writers (`report` null for others). "
        "Header `ETag`: the report's version, for `If-Match` on the next write.",
        responses={200: ReportSerializer, **NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request: Request, pk: int) -> Response:
        expected, can = get_expected_report(request, pk)
        return _shown(request, expected, can)

    @extend_schema(
        summary="Save a draft",
        description="Executors of the reporting organisation, while the report is a draft or "
        "returned. Replaces outcome, narrative and values; send `version` from the last read "
        "(empty for the first save), or `If-Match`: a save over a newer one is 409 (412 with "
        "`If-Match`) and the body holds the report as it is now. `indicator_values` and "
        "`spending`, if sent, replace the report's numbers under the same version check (a "
        "period the upper level approved is locked: 409). Decimals are strings: "
        '"1250.5" (or "1 250,5", read as on the pages), never floats.',
        request=ReportWriteSerializer,
        parameters=[IF_MATCH],
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
        "required). The coordinator then accepts or returns it. Versions as for saving.",
        request=ReportWriteSerializer,
        parameters=[IF_MATCH],
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
        "submitted report (return needs a comment); reopen an accepted one (with a reason). "
        "Send the `version` read (or `If-Match`): if the executor changed the report since, "
        "nothing is done (409 / 412) — nobody accepts what they have not read.",
        request=ReviewSerializer,
        parameters=[IF_MATCH],
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
        expected, can = get_expected_report(request, pk)
        if not can.can_review:
            raise PermissionDenied(_("Only coordinators of the plan review reports."))
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = ReviewForm(body.validated_data)
        if not form.is_valid():
            raise ValidationError(form.errors)
        action, comment = form.cleaned_data["action"], form.cleaned_data["comment"].strip()
        version, by_header = _sent_version(request, body.validated_data)
        versions = None if version in (None, "") else {expected.pk: version}
        try:
            review_reports([expected], request.user, action, comment, versions=versions)
        except ReportChanged:
            return _changed(request, pk, can, by_header)
        except PeriodLocked as exc:
            return Response({"detail": str(exc)}, 409)
        except WorkflowError:
            return Response({"detail": _("The report is not in a state this action needs.")}, 409)
        return _fresh(request, pk, can)
