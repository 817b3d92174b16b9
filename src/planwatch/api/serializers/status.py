"""Reporting status (a plan's completeness by period and by executor) and Strategy coverage."""

from __future__ import annotations

from rest_framework import serializers

from planwatch.api.serializers.orgs import OrgRefSerializer
from planwatch.monitoring.status import MeasureStatus
from planwatch.strategy.models import Level, StrategyDocument, StrategyItem


class CountsSerializer(serializers.Serializer):
    """`monitoring.stats.Counts`: counted = active, non-optional expected reports."""

    expected = serializers.IntegerField()
    received = serializers.IntegerField(help_text="Submitted or accepted.")
    outstanding = serializers.IntegerField(help_text="expected − received (due or late).")
    due = serializers.IntegerField(help_text="Not received, due date not passed yet.")
    overdue = serializers.IntegerField(help_text="Not received, past the due date (missing).")
    on_time = serializers.IntegerField(help_text="Received; first hand-in by the due date.")
    late = serializers.IntegerField(help_text="Received after the due date.")
    accepted = serializers.IntegerField()
    returned = serializers.IntegerField()
    completeness = serializers.IntegerField(allow_null=True, help_text="% received; null if 0.")
    on_time_rate = serializers.IntegerField(allow_null=True, help_text="% of received on time.")


class PeriodCountsSerializer(CountsSerializer):
    period = serializers.CharField(help_text='"2025-Q3", "2025-H2" or "2025".')


class ExecutorCountsSerializer(CountsSerializer):
    organization = OrgRefSerializer()


MEASURE_STATUS_FIELDS = {
    s: serializers.IntegerField(help_text=str(MeasureStatus(s).label)) for s in MeasureStatus.values
}
MeasureStatusCounts = type(
    "MeasureStatusCounts",
    (serializers.Serializer,),
    {
        **MEASURE_STATUS_FIELDS,
        "overdue": serializers.IntegerField(help_text="Deadline passed, not done or obsolete."),
    },
)


class ReportingStatusSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    today = serializers.DateField()
    frequency = serializers.CharField(help_text="quarterly, half_yearly or annual.")
    periods = PeriodCountsSerializer(many=True)
    period = serializers.CharField(allow_null=True, help_text="The period of `executors`.")
    due_date = serializers.DateField(allow_null=True, help_text="Executors' due date then.")
    executors = ExecutorCountsSerializer(many=True)
    measures = MeasureStatusCounts(
        allow_null=True, help_text="Measures by status as of the end of `period`."
    )


class StrategyDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategyDocument
        fields = ["code", "title", "short_title", "approved_by", "period_start", "period_end"]
        fields += ["is_current"]
        read_only_fields = fields


class StrategyItemSerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=Level.choices, read_only=True)

    class Meta:
        model = StrategyItem
        fields = ["id", "number", "title", "level", "parent"]
        read_only_fields = fields


class CellSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text="Id of one of `columns`.")
    measures = serializers.IntegerField()
    done = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    not_done = serializers.IntegerField()
    postponed = serializers.IntegerField()
    obsolete = serializers.IntegerField()
    no_data = serializers.IntegerField(help_text="No accepted report yet.")
    overdue = serializers.IntegerField()


class CoverageRowSerializer(serializers.Serializer):
    item = StrategyItemSerializer()
    total = serializers.IntegerField(help_text="Measures linked, all organisations.")
    covered_by = serializers.IntegerField(help_text="Organisations with at least one.")
    suggested = serializers.IntegerField(help_text="Suggested links awaiting review.")
    cells = CellSerializer(many=True, help_text="Only organisations with measures.")


class CoverageSerializer(serializers.Serializer):
    organization = OrgRefSerializer()
    document = StrategyDocumentSerializer()
    columns = OrgRefSerializer(many=True, help_text="Plan owners at or below `organization`.")
    rows = CoverageRowSerializer(many=True, help_text="Uncovered items first (the gaps).")
