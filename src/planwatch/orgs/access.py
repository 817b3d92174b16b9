"""Who may see and change what. Roles are granted on an organisation and reach down its tree.

This is the ground floor (roles on organisations); which plan, report or draft a request may
reach is decided on top of it in `planwatch.access`.

One `Access` object per request (cached on it) holds the user's memberships, so access checks
in views and templates cost one query however many objects a page shows.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import HttpRequest

from planwatch.orgs.models import (
    EDITING_ROLES,
    SEEING_ROLES,
    TERRITORIAL_KINDS,
    Membership,
    Organization,
    OrgKind,
    Role,
)


class Access:
    def __init__(self, user) -> None:
        self.user = user
        self.is_superuser = bool(user.is_authenticated and user.is_superuser)
        self.memberships: list[Membership] = (
            list(Membership.objects.filter(user=user).select_related("org"))
            if user.is_authenticated
            else []
        )

    def _paths(self, roles: set[str]) -> list[str]:
        return [m.org.path for m in self.memberships if m.role in roles]

    @property
    def seeing_paths(self) -> list[str]:
        return self._paths(SEEING_ROLES)

    @property
    def editing_paths(self) -> list[str]:
        return self._paths(EDITING_ROLES)

    @property
    def executor_paths(self) -> list[str]:
        return self._paths({Role.EXECUTOR})

    @property
    def is_member(self) -> bool:
        return self.is_superuser or bool(self.memberships)

    def can_see_org(self, org: Organization) -> bool:
        paths = self.seeing_paths + self.executor_paths
        return self.is_superuser or any(org.path.startswith(p) for p in paths)

    def can_monitor_org(self, org: Organization) -> bool:
        """A seeing role (coordinator, reviewer, viewer, admin) on `org` or above: dashboards,
        handed-in reports, roll-ups. Executors alone do not monitor."""
        return self.is_superuser or any(org.path.startswith(p) for p in self.seeing_paths)

    def can_edit_org(self, org: Organization) -> bool:
        return self.is_superuser or any(org.path.startswith(p) for p in self.editing_paths)

    def can_admin_org(self, org: Organization) -> bool:
        """Admins manage people of their organisation and everything below it."""
        paths = self._paths({Role.ADMIN})
        return self.is_superuser or any(org.path.startswith(p) for p in paths)

    def can_merge_under(self, parent: Organization | None, kind: str) -> bool:
        """Who may fold one child of `parent` into another: a merge deletes one side and
        hands its plans, people and children to the other, so it is decided by someone
        responsible for both, i.e. with a role on their common parent (or above). A
        coordinator of a community merges its departments and partners, never a
        neighbouring community; territorial bodies (communities, districts, oblasts) are
        merged only by an admin above them or a superuser."""
        if parent is None:
            return self.is_superuser
        if kind in TERRITORIAL_KINDS:
            return self.can_admin_org(parent)
        return self.can_edit_org(parent)

    def can_merge(self, target: Organization, other: Organization) -> bool:
        """Both sides of a merge are checked, not just the page it is posted from."""
        return (
            other.pk != target.pk
            and other.parent_id is not None
            and other.parent_id == target.parent_id
            and not target.path.startswith(other.path)
            and self.can_merge_under(target.parent, target.kind)
            and self.can_merge_under(target.parent, other.kind)
        )

    def may_merge_into(self, target: Organization) -> bool:
        return target.parent_id is not None and self.can_merge_under(target.parent, target.kind)

    def merge_candidates(self, target: Organization):
        """The organisations this user may fold into `target`: none, rather than a list of
        names the user has no business seeing."""
        if not self.may_merge_into(target):
            return Organization.objects.none()
        siblings = Organization.objects.filter(parent_id=target.parent_id).exclude(pk=target.pk)
        if not self.can_merge_under(target.parent, OrgKind.COMMUNITY):
            siblings = siblings.exclude(kind__in=TERRITORIAL_KINDS)
        return siblings

    @property
    def can_import(self) -> bool:
        return self.is_superuser or bool(self.editing_paths)

    def editable_orgs(self):
        """Organisations whose plans this user may load and change."""
        if self.is_superuser:
            return Organization.objects.all()
        return Organization.objects.filter(paths_q("path", self.editing_paths))

    def monitored_orgs(self):
        """The organisations `can_monitor_org` admits, as a queryset."""
        if self.is_superuser:
            return Organization.objects.all()
        return Organization.objects.filter(paths_q("path", self.seeing_paths))

    def visible_orgs(self):
        if self.is_superuser:
            return Organization.objects.all()
        return Organization.objects.filter(paths_q("path", self.seeing_paths + self.executor_paths))


def paths_q(field: str, paths: list[str]) -> Q:
    """`field` starts with any of `paths`; matches nothing for an empty list."""
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def get_access(request: HttpRequest) -> Access:
    if not hasattr(request, "_planwatch_access"):
        request._planwatch_access = Access(request.user)
    return request._planwatch_access
