"""Query parameters of the lists: validated by serializers (400 on bad input), documented in
the schema from the same serializers (`extend_schema(parameters=[...])`)."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from planwatch.lib.params import MAX_ID
from planwatch.monitoring.models import ApprovalState, HandoverState, ReportState
from planwatch.orgs.models import OrgKind
from planwatch.plans.models import PlanStatus, Timing


def id_field(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=help_text
    )


def text_field(help_text: str) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=help_text
    )


class Filter(serializers.Serializer):
    """Base: `clean(request)` → the valid parameters (absent ones left out), or 400."""

    @classmethod
    def clean(cls, request) -> dict:
        params = cls(data=request.query_params)
        if not params.is_valid():
            raise ValidationError(params.errors)
        return {k: v for k, v in params.validated_data.items() if v not in (None, "")}


ORG_HELP = "Organisation id: that organisation and everything below it."
PERIOD_RE = r"^\d{4}(-(Q[1-4]|H[12]))?$"


class OrganizationFilter(Filter):
    within = id_field("Only this organisation and everything below it.")
    parent = id_field("Only the direct children of this organisation.")
    kind = serializers.ChoiceField(choices=OrgKind.choices, required=False)
    q = text_field("Name contains (case-insensitive).")


class PlanFilter(Filter):
    organization = id_field("Owner: this organisation and everything below it.")
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)
    year = serializers.IntegerField(
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="Plans whose period (current revision) includes this year.",
    )
    q = text_field("Title contains.")


class MeasureFilter(Filter):
    plan = id_field("Only measures of this plan.")
    organization = id_field("Executor: this organisation or one below it executes the measure.")
    year = serializers.IntegerField(
        required=False, min_value=1990, max_value=2100, help_text="Deadline falls in this year."
    )
    status = serializers.ChoiceField(
        choices=Timing.choices,
        required=False,
        help_text="Where the deadline stands today (the plan search's status).",
    )
    q = text_field("Every word occurs in the number, text, executors or indicator.")


# The drill-down list's "show" filter (`ExpectedReport.objects.matching`).
REPORT_STATUS = [
    ("missing", "Not received: nothing, a draft or a returned report"),
    ("overdue", "Not received and past the due date"),
    ("received", "Submitted or accepted"),
    *ReportState.choices,
]


class ReportFilter(Filter):
    plan = id_field("Only reports of this plan.")
    organization = id_field("Reporting organisation: this one or one below it.")
    period = serializers.RegexField(
        PERIOD_RE,
        required=False,
        help_text='Reporting period: "2025-Q3", "2025-H2" or "2025".',
    )
    status = serializers.ChoiceField(
        choices=REPORT_STATUS,
        required=False,
        help_text="`draft` includes reports nothing was written for yet.",
    )
    mine = serializers.BooleanField(
        required=False,
        default=None,
        allow_null=True,
        help_text="true: only reports the caller's organisations write.",
    )


class StatusFilter(Filter):
    period = serializers.RegexField(
        PERIOD_RE,
        required=False,
        help_text="Period for the by-executor counts; default: the latest period that ended.",
    )


class CoverageFilter(Filter):
    organization = id_field("Default: the highest organisation the caller sees.")
    document = serializers.SlugField(
        required=False, max_length=60, help_text="Strategy document code; default: the current."
    )


class ApprovalFilter(Filter):
    plan = id_field("Only this plan's periods.")
    organization = id_field("Plan owner: this organisation and everything below it.")
    period = serializers.RegexField(PERIOD_RE, required=False, help_text='"2025-Q3", "2025".')
    state = serializers.ChoiceField(choices=ApprovalState.choices, required=False)
    awaiting = serializers.BooleanField(
        required=False,
        default=None,
        allow_null=True,
        help_text="true: only submissions waiting for the caller's decision.",
    )


class HandoverFilter(Filter):
    plan = id_field("Only this plan's hand-overs.")
    period = serializers.RegexField(
        r"^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$", required=False, help_text='"2025".'
    )
    state = serializers.ChoiceField(choices=HandoverState.choices, required=False)


class MeetingFilter(Filter):
    plan = id_field("Only meetings of this plan.")
    period = serializers.RegexField(
        PERIOD_RE, required=False, help_text='The period considered: "2025-Q3", "2025-H2", "2025".'
    )


DECISION_STATUS = [
    ("open", "Neither done nor cancelled"),
    ("overdue", "Neither done nor cancelled, and past the due date"),
    ("not_started", "Status: not started"),
    ("in_progress", "Status: in progress"),
    ("done", "Status: done"),
    ("cancelled", "Status: cancelled"),
]


class DecisionFilter(Filter):
    plan = id_field("Only decisions of this plan's meetings.")
    organization = id_field("Responsible organisation: this one or one below it.")
    status = serializers.ChoiceField(choices=DECISION_STATUS, required=False)


class EventFilter(Filter):
    plan = id_field("Only the events this plan's deadlines may wait for (its own and its owner's).")
