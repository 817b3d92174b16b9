"""Organisations the caller sees, as a tree in rows (ordered by path: parents first)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView, RetrieveAPIView

from planwatch.api.filters import OrganizationFilter
from planwatch.api.serializers.orgs import OrganizationSerializer
from planwatch.api.views.common import BAD_REQUEST, NOT_FOUND, UNAUTHORIZED, subtree_path
from planwatch.orgs.access import get_access


def _visible(request):
    return get_access(request).visible_orgs().order_by("path")


@extend_schema_view(
    get=extend_schema(
        summary="Organisations",
        description="Organisations the caller has a role on and everything below them, in tree "
        "order (each row's `parent` comes before it). Anonymous callers get 401.",
        parameters=[OrganizationFilter],
        responses={200: OrganizationSerializer(many=True), **BAD_REQUEST, **UNAUTHORIZED},
        tags=["organisations"],
    )
)
class OrganizationList(ListAPIView):
    serializer_class = OrganizationSerializer

    def get_queryset(self):
        params = OrganizationFilter.clean(self.request)
        orgs = _visible(self.request)
        if "within" in params:
            orgs = orgs.filter(path__startswith=subtree_path(params["within"]))
        if "parent" in params:
            orgs = orgs.filter(parent_id=params["parent"])
        if "kind" in params:
            orgs = orgs.filter(kind=params["kind"])
        if "q" in params:
            orgs = orgs.filter(name__icontains=params["q"])
        return orgs.only("name", "kind", "katottg", "parent", "path")


@extend_schema_view(
    get=extend_schema(
        summary="One organisation",
        responses={200: OrganizationSerializer, **UNAUTHORIZED, **NOT_FOUND},
        tags=["organisations"],
    )
)
class OrganizationDetail(RetrieveAPIView):
    serializer_class = OrganizationSerializer

    def get_queryset(self):
        return _visible(self.request)
