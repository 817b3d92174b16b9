"""Organisations: the tree as rows (`parent`, `depth`, ordered by path)."""

from __future__ import annotations

from rest_framework import serializers

from planwatch.api.serializers import rows
from planwatch.orgs.models import Organization


class OrgRefSerializer(serializers.ModelSerializer):
    """An organisation named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "name", "kind"]
        read_only_fields = fields

    def to_representation(self, org) -> dict:
        if isinstance(org, Organization):
            return rows.org_ref(org)
        return super().to_representation(org)  # a dict (reporting status, coverage)


class OrganizationSerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField(read_only=True, help_text="0 for a root (oblast).")

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "katottg", "parent", "depth"]
        read_only_fields = fields
        extra_kwargs = {"parent": {"help_text": "Id of the organisation above; null at the top."}}

    def to_representation(self, org: Organization) -> dict:
        return {
            "id": org.pk,
            "name": org.name,
            "kind": org.kind,
            "katottg": org.katottg,
            "parent": org.parent_id,
            "depth": org.depth,
        }
