"""Execution reports, addressed by their expected report (measure × organisation × period),
as on the pages (`/monitoring/reports/<id>/`). A report not written yet has `state` "missing"
and `report` null; a draft's content is shown only to its writers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planwatch.access import is_writable, report_access
from planwatch.api.serializers import rows
from planwatch.api.serializers.orgs import OrgRefSerializer
from planwatch.monitoring.forms import NARRATIVE_MAX
from planwatch.monitoring.models import (
    Evidence,
    ExecutionReport,
    ExpectedReport,
    IndicatorValue,
    Outcome,
    Spending,
)
from planwatch.monitoring.models.reports import ReportState
from planwatch.monitoring.spending import MONEY_SOURCES
from planwatch.monitoring.workflow import version_of
from planwatch.plans.models import Measure

MISSING = "missing"
STATE_CHOICES = [(MISSING, "Nothing written yet"), *ReportState.choices]


class MeasureRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["id", "number", "text"]
        read_only_fields = fields

    def to_representation(self, m: Measure) -> dict:
        return {"id": m.pk, "number": m.number, "text": m.text}


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "name", "kind", "size", "uploaded_at"]
        read_only_fields = fields

    def to_representation(self, e: Evidence) -> dict:
        return _evidence(e)


def _evidence(e: Evidence, tz=None) -> dict:
    return {
        "id": e.pk,
        "name": e.name,
        "kind": e.kind,
        "size": e.size,
        "uploaded_at": rows.datetime(e.uploaded_at, tz),
    }


class ValueSerializer(serializers.Serializer):
    target = serializers.FloatField(allow_null=True, help_text="The indicator's target.")
    unit = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True, help_text="The indicator's clause.")
    value = serializers.FloatField(allow_null=True, help_text="Reached, as reported.")

    def to_representation(self, v: dict) -> dict:
        return _value(v)


def _float(value) -> float | None:
    return None if value is None else float(value)


def _str(value) -> str | None:
    return None if value is None else str(value)


def _value(v: dict) -> dict:
    """As the declared fields read a dict: a missing number is null, a missing text an error."""
    return {
        "target": _float(v.get("target")),
        "unit": _str(v["unit"]),
        "text": _str(v["text"]),
        "value": _float(v.get("value")),
    }


class AmountField(serializers.DecimalField):
    """A decimal string ("1250.5"; also as typed on the pages: "1 250,5"), never a float."""

    def to_internal_value(self, data):
        if isinstance(data, float):  # JSON parsed it as a binary fraction already
            raise serializers.ValidationError(
                _("Send the number as a string, for example “1250.5”: a JSON fraction is a float.")
            )
        if isinstance(data, str):
            data = "".join(data.split()).replace(",", ".")
        return super().to_internal_value(data)


def _amount(help_text: str, **kwargs) -> serializers.DecimalField:
    """A Decimal in JSON as a string ("1250.5"), never a float; the page's precision."""
    return AmountField(
        max_digits=18,
        decimal_places=3,
        min_value=Decimal(0),
        coerce_to_string=True,
        normalize_output=True,
        help_text=help_text,
        **kwargs,
    )


class IndicatorValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(
        source="indicator_id",
        min_value=1,
        max_value=2**53,
        help_text="An indicator of the report's measure (`plans/<id>/figures/` lists them).",
    )
    category = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text="One of the indicator's categories (its breakdown); empty for the total.",
    )
    value = _amount("Reached in this period, in the indicator's unit (a decimal string).")


class SpendingSerializer(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=MONEY_SOURCES,
        help_text="A funding source of the measure (local_budget, other… as in the plan).",
    )
    amount = _amount("Spent in this period, thousand UAH (a decimal string).")


_AMOUNT = _amount("")  # writes IndicatorValue.value and Spending.amount as the fields above


class ReportContentSerializer(serializers.ModelSerializer):
    outcome = serializers.ChoiceField(
        choices=[("", "Not chosen"), *Outcome.choices], read_only=True
    )
    values = ValueSerializer(many=True, read_only=True)
    indicator_values = IndicatorValueSerializer(many=True, read_only=True)
    spending = SpendingSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    version = serializers.SerializerMethodField(
        help_text="A number raised by every save and workflow step (also the `ETag`). Send it "
        "back as `version` (or `If-Match`) when saving or reviewing: a write over a newer one "
        "is refused (409, or 412 with `If-Match`)."
    )

    class Meta:
        model = ExecutionReport
        fields = [
            "outcome",
            "narrative",
            "values",
            "indicator_values",
            "spending",
            "comment",
            "first_submitted_at",
            "submitted_at",
            "accepted_at",
            "updated_at",
            "version",
            "evidence",
        ]
        read_only_fields = fields

    def get_version(self, report: ExecutionReport) -> str:
        return version_of(report)

    def to_representation(self, report: ExecutionReport) -> dict:
        values, tz = report.values, timezone.get_current_timezone()
        listed = getattr(report, "listed", None) or _content_rows(report, tz)
        return {
            "outcome": report.outcome,
            "narrative": report.narrative,
            "values": None if values is None else [_value(v) for v in values],
            "indicator_values": listed["indicator_values"],
            "spending": listed["spending"],
            "comment": report.comment,
            "first_submitted_at": rows.datetime(report.first_submitted_at, tz),
            "submitted_at": rows.datetime(report.submitted_at, tz),
            "accepted_at": rows.datetime(report.accepted_at, tz),
            "updated_at": rows.datetime(report.updated_at, tz),
            "version": version_of(report),
            "evidence": listed["evidence"],
        }


def _content_rows(report: ExecutionReport, tz) -> dict[str, list[dict]]:
    """A report's numbers and files, written, from its related managers (one report)."""
    return {
        "indicator_values": [
            _indicator_value(v.indicator_id, v.category, v.value)
            for v in report.indicator_values.all()
        ],
        "spending": [_spending(s.source, s.amount) for s in report.spending.all()],
        "evidence": [_evidence(e, tz) for e in report.evidence.all()],
    }


def _indicator_value(indicator_id: int, category: str, value) -> dict:
    return {
        "indicator": indicator_id,
        "category": category,
        "value": _AMOUNT.to_representation(value),
    }


def _spending(source: str, amount) -> dict:
    return {"source": source, "amount": _AMOUNT.to_representation(amount)}


def attach_content(expected_reports: list[ExpectedReport]) -> None:
    """The numbers and files of a page of reports as written rows (`report.listed`), in
    three queries of plain values: a prefetch built a related manager, a queryset and a model
    per row, a good part of a page's CPU."""
    tz = timezone.get_current_timezone()
    by_report: dict[int, dict[str, list[dict]]] = {}
    for expected in expected_reports:
        report = expected.report_or_none()
        if report is not None:
            report.listed = {"indicator_values": [], "spending": [], "evidence": []}
            by_report[report.pk] = report.listed
    if not by_report:
        return
    ids = list(by_report)
    values = IndicatorValue.objects.filter(report__in=ids)
    for report_id, *row in values.values_list("report_id", "indicator_id", "category", "value"):
        by_report[report_id]["indicator_values"].append(_indicator_value(*row))
    for report_id, *row in Spending.objects.filter(report__in=ids).values_list(
        "report_id", "source", "amount"
    ):
        by_report[report_id]["spending"].append(_spending(*row))
    evidence = Evidence.objects.filter(report__in=ids).values_list(
        "report_id", "id", "name", "kind", "size", "uploaded_at"
    )
    for report_id, pk, name, kind, size, at in evidence:
        by_report[report_id]["evidence"].append(
            {
                "id": pk,
                "name": name,
                "kind": kind,
                "size": size,
                "uploaded_at": rows.datetime(at, tz),
            }
        )


class ReportSerializer(serializers.ModelSerializer):
    """One expected report and, if the caller may read it, the report written for it."""

    plan = serializers.IntegerField(source="plan_id", read_only=True)
    measure = MeasureRefSerializer(read_only=True)
    organization = OrgRefSerializer(read_only=True)
    state = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(
        help_text="Not received (submitted or accepted) and past the due date."
    )
    on_time = serializers.SerializerMethodField(
        help_text="First hand-in on or before the due date (Kyiv day); null if never handed in."
    )
    can_write = serializers.SerializerMethodField(
        help_text="The caller may save or submit it now (PUT, POST …/submit/)."
    )
    can_review = serializers.SerializerMethodField(
        help_text="The caller may accept, return or reopen it (POST …/review/)."
    )
    report = serializers.SerializerMethodField(
        help_text="null when nothing is written yet, or for a draft the caller does not write."
    )

    class Meta:
        model = ExpectedReport
        fields = [
            "id",
            "plan",
            "measure",
            "organization",
            "period",
            "period_start",
            "period_end",
            "due_date",
            "optional",
            "is_active",
            "state",
            "overdue",
            "on_time",
            "can_write",
            "can_review",
            "report",
        ]
        read_only_fields = fields

    def to_representation(self, expected: ExpectedReport) -> dict:
        context = self.context  # a property walking up to the list: read once
        report = expected.report_or_none()
        can = context.get("can") or report_access(context["request"], expected)
        measure = expected.measure
        return {
            "id": expected.pk,
            "plan": expected.plan_id,
            "measure": {"id": measure.pk, "number": measure.number, "text": measure.text},
            "organization": rows.org_ref(expected.organization),
            "period": expected.period,
            "period_start": rows.date(expected.period_start),
            "period_end": rows.date(expected.period_end),
            "due_date": rows.date(expected.due_date),
            "optional": expected.optional,
            "is_active": expected.is_active,
            "state": report.state if report else MISSING,
            "overdue": expected.is_overdue(context.setdefault("today", timezone.localdate())),
            "on_time": report.was_on_time() if report else None,
            "can_write": is_writable(can, expected),
            "can_review": can.can_review,
            "report": _content(context, report, can),
        }

    def _can(self, expected: ExpectedReport):
        cache = self.context.setdefault("_can", {})
        if expected.pk not in cache:
            cache[expected.pk] = self.context.get("can") or report_access(
                self.context["request"], expected
            )
        return cache[expected.pk]

    def _today(self) -> dt.date:
        return self.context.setdefault("today", timezone.localdate())

    @extend_schema_field(serializers.ChoiceField(choices=STATE_CHOICES))
    def get_state(self, expected: ExpectedReport) -> str:
        report = expected.report_or_none()
        return report.state if report else MISSING

    def get_overdue(self, expected: ExpectedReport) -> bool:
        return expected.is_overdue(self._today())

    def get_on_time(self, expected: ExpectedReport) -> bool | None:
        report = expected.report_or_none()
        return report.was_on_time() if report else None

    def get_can_write(self, expected: ExpectedReport) -> bool:
        return is_writable(self._can(expected), expected)

    def get_can_review(self, expected: ExpectedReport) -> bool:
        return self._can(expected).can_review

    @extend_schema_field(ReportContentSerializer(allow_null=True))
    def get_report(self, expected: ExpectedReport) -> dict | None:
        return _content(self.context, expected.report_or_none(), self._can(expected))


def _content(context: dict, report: ExecutionReport | None, can) -> dict | None:
    if report is None or not can.can_read:
        return None
    if "_content" not in context:  # one serializer for every row: building one is slow
        context["_content"] = ReportContentSerializer()
    data = context["_content"].to_representation(report)
    if not context["request"].user.is_authenticated:
        # Internal to the people reporting: the coordinator's comment, the files.
        data["comment"], data["version"], data["evidence"] = "", "", []
    return data


class ReportWriteSerializer(serializers.Serializer):
    """A save replaces the report's fields (PUT semantics); evidence files go through the page."""

    outcome = serializers.ChoiceField(
        choices=[("", "Not chosen"), *Outcome.choices], required=False, allow_blank=True
    )
    narrative = serializers.CharField(
        required=False, allow_blank=True, max_length=NARRATIVE_MAX, trim_whitespace=False
    )
    values = serializers.ListField(
        child=serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=0, allow_null=True
        ),
        required=False,
        max_length=10,
        help_text="Reached values, one per indicator target, in the order of `report.values`.",
    )
    indicator_values = IndicatorValueSerializer(
        many=True,
        required=False,
        max_length=500,
        help_text="This period's values of the measure's indicators (totals and categories). "
        "Sent: replaces all of them (one left out is removed); not sent: left as they are.",
    )
    spending = SpendingSerializer(
        many=True,
        required=False,
        max_length=50,
        help_text="Money spent in this period per funding source. Sent: replaces all of it; "
        "not sent: left as it is.",
    )
    version = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="`report.version` as last read; empty for the first save. An `If-Match` "
        "header, if sent, is used instead.",
    )


class ReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["accept", "return", "reopen"])
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Required to return (what to change) or reopen (the reason).",
    )
    version = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="`report.version` as read (or send `If-Match`): if the report changed since, "
        "nothing is done (409 / 412). Without either, the review is not checked for changes.",
    )
