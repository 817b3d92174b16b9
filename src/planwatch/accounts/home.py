"""Where each person starts, and which menu entries they see.

After login (and on the brand link) a person lands on the page of their most demanding role:
coordinators and admins on their plans' dashboard, reviewers on what awaits review, executors
on "Мої звіти" (due, returned, late), viewers on the plans. The menu shows only what the
roles may open: an executor gets no "Імпорт", no roll-up, no dashboards.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from planwatch.orgs.access import Access, get_access, paths_q
from planwatch.orgs.models import Role
from planwatch.plans.models import Plan, PlanStatus


def home_url(access: Access) -> str:
    roles = {m.role for m in access.memberships}
    if access.is_superuser:
        return reverse("plans:index")
    if roles & {Role.ADMIN, Role.COORDINATOR}:
        return _plans_page(access, access.editing_paths, "monitoring:dashboard")
    if Role.REVIEWER in roles:
        url = _plans_page(access, access.seeing_paths, "monitoring:report_list")
        return url + ("?show=submitted" if "/reports/" in url else "")
    if Role.EXECUTOR in roles:
        return reverse("monitoring:my_reports")
    return reverse("plans:index")


def _plans_page(access: Access, paths: list[str], view: str) -> str:
    """The one active plan's page if there is one, else the list of monitored plans."""
    plans = list(
        Plan.objects.filter(paths_q("owner__path", paths), status=PlanStatus.ACTIVE)
        .exclude(current_revision=None)
        .values_list("pk", flat=True)[:2]
    )
    if not plans:  # a community just starting: its plans page offers the import
        return reverse("plans:index")
    if len(plans) == 1:
        return reverse(view, args=[plans[0]])
    return reverse("monitoring:my_reports")  # lists the plans they monitor


def menu(request: HttpRequest) -> dict:
    """Context processor: `menu` — what the header may link to (one cached access query).
    An error page for a request refused before the middleware ran (a bad Host) has no user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = get_access(request)
    roles = {m.role for m in access.memberships}
    monitors = access.is_superuser or bool(access.seeing_paths)
    return {
        "menu": {
            "my_reports": Role.EXECUTOR in roles,
            "monitoring": monitors,
            "import": access.can_import,
            "rollup": monitors,
            "strategy": access.is_member,
        }
    }
