"""Hand-overs of summaries and approvals up the chain (monitoring/handover.py, approvals.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planwatch.api.serializers.orgs import OrgRefSerializer
from planwatch.lib.params import MAX_ID
from planwatch.monitoring.handover import SIGNED_KIND_CHOICES
from planwatch.monitoring.models import (
    Approval,
    ApprovalEvent,
    ApprovalState,
    Handover,
    HandoverEvent,
    HandoverState,
)

PERIOD_RE = r"^\d{4}(-(Q[1-4]|H[12]))?$"


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


class EventSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="The step taken.")
    user = serializers.SerializerMethodField()
    note = serializers.CharField(help_text="Comment, reason, file name or registration.")
    at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_user(self, obj) -> str | None:
        return _username(obj.user)


class ApprovalEventSerializer(EventSerializer):
    action = serializers.ChoiceField(choices=ApprovalEvent.Action.choices)


class HandoverEventSerializer(EventSerializer):
    action = serializers.ChoiceField(choices=HandoverEvent.Action.choices)
    reason = serializers.CharField(help_text="Why a step was corrected (empty for a step).")


class PlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    owner = OrgRefSerializer()


class ApprovalSerializer(serializers.ModelSerializer):
    plan = PlanRefSerializer()
    upper = OrgRefSerializer(source="parent", allow_null=True, help_text="The body that decides.")
    state = serializers.ChoiceField(choices=ApprovalState.choices)
    submitted_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    events = ApprovalEventSerializer(many=True, help_text="Every step, oldest first.")

    class Meta:
        model = Approval
        fields = [
            "id",
            "plan",
            "period",
            "period_start",
            "period_end",
            "state",
            "upper",
            "comment",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "version",
            "events",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_submitted_by(self, obj) -> str | None:
        return _username(obj.submitted_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, obj) -> str | None:
        return _username(obj.decided_by)


class SignedFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=SIGNED_KIND_CHOICES)
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    url = serializers.CharField(help_text="The file as uploaded (the page's download).")


class HandoverSerializer(serializers.ModelSerializer):
    plan = PlanRefSerializer()
    state = serializers.ChoiceField(choices=HandoverState.choices)
    signed = serializers.SerializerMethodField()
    prepared_by = serializers.SerializerMethodField()
    signed_by = serializers.SerializerMethodField()
    sent_by = serializers.SerializerMethodField()
    events = HandoverEventSerializer(many=True, help_text="Every step, oldest first.")

    class Meta:
        model = Handover
        fields = [
            "id",
            "plan",
            "duty",
            "kind",
            "period",
            "due_date",
            "state",
            "document",
            "note",
            "signed",
            "outgoing_number",
            "outgoing_date",
            "addressee",
            "prepared_at",
            "prepared_by",
            "signed_at",
            "signed_by",
            "sent_at",
            "sent_by",
            "version",
            "events",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "duty": {"help_text": "The summary duty (null if the duty was deleted since)."},
            "document": {"help_text": "The generated report file it was prepared from."},
        }

    @extend_schema_field(SignedFileSerializer(allow_null=True))
    def get_signed(self, obj) -> dict | None:
        if not obj.signed_file:
            return None
        url = reverse("handover:file", args=[obj.plan_id, obj.pk])
        return {
            "name": obj.signed_name,
            "kind": obj.signed_kind,
            "size": obj.signed_size,
            "sha256": obj.signed_sha256,
            "url": url,
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_prepared_by(self, obj) -> str | None:
        return _username(obj.prepared_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_signed_by(self, obj) -> str | None:
        return _username(obj.signed_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_sent_by(self, obj) -> str | None:
        return _username(obj.sent_by)


def version_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=30,
        help_text="The `version` last read; if sent and stale, nothing is done (409).",
    )


class SubmitSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    period = serializers.RegexField(PERIOD_RE, help_text='"2025-Q3", "2025-H2" or "2025".')
    version = version_field()


class ApprovalReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["accept", "return", "reopen"])
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Required to return (why) and to reopen (the reason).",
    )
    version = version_field()

    def validate(self, attrs: dict) -> dict:
        if attrs.get("action") in ("return", "reopen") and not attrs.get("comment", "").strip():
            raise serializers.ValidationError(
                {"comment": [_("Write why: the comment is required to return or reopen.")]}
            )
        return attrs


class PrepareSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    duty = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="A summary duty of the plan."
    )
    period = serializers.RegexField(r"^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")
    document = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="A generated report file of the plan (ready), optional.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SignSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The signed PDF, or the КЕП container (.p7s, .asice).")
    version = version_field()


class RegisterSerializer(serializers.Serializer):
    outgoing_number = serializers.CharField(max_length=60)
    outgoing_date = serializers.DateField()
    addressee = serializers.CharField(max_length=300)
    version = version_field()
