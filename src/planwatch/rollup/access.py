"""Who may see a roll-up: coordinators, reviewers, viewers and admins of the organisation or
of a body above it (the seeing roles of `orgs.access`), and superusers. Executors do not:
they see only the plans they execute. Everyone else gets 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from planwatch.orgs.access import Access, get_access
from planwatch.orgs.models import Organization


def sees_rollup(access: Access, org: Organization) -> bool:
    return access.is_superuser or any(org.path.startswith(p) for p in access.seeing_paths)


def get_org_for_rollup(request: HttpRequest, pk: int) -> Organization:
    org = get_object_or_404(Organization, pk=pk)
    if not sees_rollup(get_access(request), org):
        raise Http404("not a monitor of this organisation")
    return org
