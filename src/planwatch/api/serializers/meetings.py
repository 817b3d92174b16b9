"""The meetings register and plan-wide events, read-only."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planwatch.api.serializers.orgs import OrgRefSerializer
from planwatch.meetings.models import Decision, Meeting
from planwatch.plans.models import PlanEvent


class DecisionSerializer(serializers.ModelSerializer):
    responsible = OrgRefSerializer(read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text="Neither done nor cancelled, and past the due date (today, Kyiv)."
    )
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "number",
            "text",
            "responsible",
            "due_date",
            "status",
            "done_on",
            "note",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, obj: Decision) -> bool:
        return obj.is_overdue(self.context.get("today") or timezone.localdate())


class MeetingSerializer(serializers.ModelSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)
    minutes = serializers.SerializerMethodField(
        help_text="Path of the minutes file on the site (access-checked download), or null."
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "plan",
            "date",
            "body",
            "body_name",
            "period",
            "participants",
            "agenda",
            "minutes",
            "decisions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_minutes(self, obj: Meeting) -> str | None:
        return reverse("meetings:minutes", args=[obj.pk]) if obj.minutes else None


class PlanEventSerializer(serializers.ModelSerializer):
    measures = serializers.SerializerMethodField(
        help_text="Ids of the measures (current revisions) whose deadline waits for it."
    )

    class Meta:
        model = PlanEvent
        fields = ["id", "name", "match", "date", "plan", "organization", "measures"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_measures(self, obj: PlanEvent) -> list[int]:
        return [link.measure_id for link in obj.links.all()]
