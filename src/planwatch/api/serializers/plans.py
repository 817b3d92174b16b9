"""Plans, their heading tree and measures with normalised values beside the document's text."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planwatch.api.serializers import rows
from planwatch.api.serializers.orgs import OrgRefSerializer
from planwatch.plans.models import Measure, MeasureExecutor, Node, Plan, PlanRevision

# Normalised cell values (planwatch-plan/1, shared/docs/plan-format.md): structured deadline
# (start/end dates, recurrence, reporting periods …), funding categories, indicator targets.
NORMALISED = {
    "type": "object",
    "additionalProperties": True,
    "description": "Normalised value as the importer produced it (planwatch-plan/1); "
    "keys vary by cell kind.",
}


@extend_schema_field(NORMALISED)
class NormalisedField(serializers.JSONField):
    pass


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanRevision
        fields = [
            "number",
            "title",
            "issuer",
            "approval_text",
            "approval_date",
            "approval_number",
            "period_start",
            "period_end",
            "columns",
        ]
        read_only_fields = fields

    def to_representation(self, rev: PlanRevision) -> dict:
        return _revision(rev)


def _revision(rev: PlanRevision) -> dict:
    return {
        "number": rev.number,
        "title": rev.title,
        "issuer": rev.issuer,
        "approval_text": rev.approval_text,
        "approval_date": rows.date(rev.approval_date),
        "approval_number": rev.approval_number,
        "period_start": rev.period_start,
        "period_end": rev.period_end,
        "columns": rev.columns,
    }


class PlanSerializer(serializers.ModelSerializer):
    owner = OrgRefSerializer(read_only=True)
    current_revision = RevisionSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Plan
        fields = ["id", "title", "status", "is_public", "owner", "current_revision", "updated_at"]
        read_only_fields = fields

    def to_representation(self, plan: Plan) -> dict:
        rev = plan.current_revision
        return {
            "id": plan.pk,
            "title": plan.title,
            "status": plan.status,
            "is_public": plan.is_public,
            "owner": rows.org_ref(plan.owner),
            "current_revision": None if rev is None else _revision(rev),
            "updated_at": rows.datetime(plan.updated_at),
        }


class ExecutorSerializer(serializers.ModelSerializer):
    organization = OrgRefSerializer(read_only=True)

    class Meta:
        model = MeasureExecutor
        fields = ["organization", "name", "by_consent"]
        read_only_fields = fields

    def to_representation(self, link: MeasureExecutor) -> dict:
        return _executor(link)


def _executor(link: MeasureExecutor) -> dict:
    return {
        "organization": rows.org_ref(link.organization),
        "name": link.name,
        "by_consent": link.by_consent,
    }


def _executors(m: Measure) -> list[dict]:
    listed = getattr(m, "listed_executors", None)
    return [_executor(link) for link in m.executor_links.all()] if listed is None else listed


def attach_executors(measures: list[Measure]) -> None:
    """Each measure's `executors` rows (as written) in one query of plain values: a model
    per executor and per organisation were most of the objects a page of measures built."""
    by_measure: dict[int, list[dict]] = {}
    for m in measures:
        m.listed_executors = by_measure.setdefault(m.pk, [])
    if not by_measure:
        return
    links = MeasureExecutor.objects.filter(measure__in=list(by_measure)).values_list(
        *("measure_id", "organization_id", "organization__name", "organization__kind"),
        *("name", "by_consent"),
    )
    for measure_id, org_id, org_name, kind, name, by_consent in links:
        by_measure[measure_id].append(
            {
                "organization": {"id": org_id, "name": org_name, "kind": kind},
                "name": name,
                "by_consent": by_consent,
            }
        )


def _cells(m: Measure) -> dict:
    """A measure's fields from `number` on, in the declared order."""
    return {
        "number": m.number,
        "text": m.text,
        "deadline_text": m.deadline_text,
        "deadline": m.deadline,
        "deadline_start": rows.date(m.deadline_start),
        "deadline_end": rows.date(m.deadline_end),
        "funding_text": m.funding_text,
        "funding": m.funding,
        "executors_text": m.executors_text,
        "executors": _executors(m),
        "indicator_text": m.indicator_text,
        "indicator": m.indicator,
    }


class MeasureSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="revision.plan_id", read_only=True)
    revision = serializers.IntegerField(source="revision.number", read_only=True)
    deadline = NormalisedField(read_only=True)
    funding = NormalisedField(read_only=True)
    indicator = NormalisedField(read_only=True)
    executors = ExecutorSerializer(source="executor_links", many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "revision",
            "node",
            "number",
            "text",
            "deadline_text",
            "deadline",
            "deadline_start",
            "deadline_end",
            "funding_text",
            "funding",
            "executors_text",
            "executors",
            "indicator_text",
            "indicator",
        ]
        read_only_fields = fields

    def to_representation(self, m: Measure) -> dict:
        rev = m.revision
        return {"id": m.pk, "plan": rev.plan_id, "revision": rev.number, "node": m.node_id} | (
            _cells(m)
        )


class TreeMeasureSerializer(MeasureSerializer):
    class Meta(MeasureSerializer.Meta):
        fields = [f for f in MeasureSerializer.Meta.fields if f not in ("plan", "revision", "node")]
        read_only_fields = fields

    def to_representation(self, m: Measure) -> dict:
        return {"id": m.pk} | _cells(m)


class NodeSerializer(serializers.ModelSerializer):
    """A heading (section, strategic goal, operational goal, task) with what sits under it."""

    id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="null for measures printed under no heading"
    )
    children = serializers.SerializerMethodField()
    measures = TreeMeasureSerializer(source="items", many=True, read_only=True)

    class Meta:
        model = Node
        fields = ["id", "kind", "number", "title", "children", "measures"]
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/Node"}})
    def get_children(self, node: Node) -> list[dict]:
        return NodeSerializer(node.kids, many=True, context=self.context).data


class PlanTreeSerializer(serializers.Serializer):
    plan = PlanSerializer(read_only=True)
    revision = RevisionSerializer(read_only=True)
    nodes = NodeSerializer(many=True, read_only=True)
