"""Small pieces every API view shares: error shapes for the schema, the path id converter."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

from planwatch.orgs.models import Organization

Error = inline_serializer("Error", {"detail": serializers.CharField()})
ValidationErrors = inline_serializer(
    "ValidationErrors",
    {"field_name": serializers.ListField(child=serializers.CharField())},
)

BAD_REQUEST = {400: OpenApiResponse(ValidationErrors, description="Invalid parameters or body.")}
UNAUTHORIZED = {401: OpenApiResponse(Error, description="No or invalid credentials.")}
FORBIDDEN = {403: OpenApiResponse(Error, description="Seen but not yours to change.")}
NOT_FOUND = {404: OpenApiResponse(Error, description="Does not exist or not visible to you.")}
CONFLICT = {
    409: OpenApiResponse(
        Error, description="Locked (handed in or accepted) or changed meanwhile; nothing done."
    )
}


class IdConverter:
    """Path ids up to 18 digits: larger numbers are 404, not a database overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def subtree_path(org_id: int | None) -> str | None:
    """The materialised path of an organisation id, or a path nothing starts with."""
    if org_id is None:
        return None
    path = Organization.objects.filter(pk=org_id).values_list("path", flat=True).first()
    return path or "-"
