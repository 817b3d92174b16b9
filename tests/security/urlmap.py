"""Concrete URLs for every pattern of the project, built from the matrix world."""

from __future__ import annotations

from django.urls import reverse

from tests.security.world import World

# Which object a `pk` means, by the pattern's namespace (or full name).
PK = {
    "orgs": "community",
    "plans": "plan",
    "plans:review": "draft",
    "plan_links": "plan",
    "public": "plan",
    "strategy:item": "item",
    "monitoring": "plan",
    "monitoring:report": "expected_report",
    "monitoring:review": "expected_report",
    "monitoring:evidence": "evidence",
    "monitoring:evidence_delete": "evidence",
    "monitoring:notification": "notification",
    "handover": "plan",
    "reports:plan": "plan",
    "reports": "report_file",
    "rollup": "district",
    "api:organization": "community",
    "api": "plan",
    "api:measure": "measure",
    "api:meeting": "meeting",
    "meetings": "meeting",
    "meetings:plan": "plan",
    "meetings:add": "plan",
    "meetings:decision": "decision",
    "api:report": "expected_report",
    "api:report-submit": "expected_report",
    "api:report-review": "expected_report",
    "api:approval": "approval",
    "api:approval-review": "approval",
    "api:handover": "handover",
    "api:handover-sign": "handover",
    "api:handover-register": "handover",
}
FMT = {
    "plans:export": "csv",
    "public:export": "csv",
    "public:report": "xlsx",
    "public:money": "csv",
    "rollup:download": "xlsx",
}
# Patterns that are regular expressions, or whose URL is better given whole.
FIXED = {
    "admin:app_list": "/admin/plans/",
    "admin/(?P<url>.*)$": "/admin/no-such-page/",
    "admin:view_on_site": "/admin/r/1/1/",
    "api:not-found": "/api/v1/no-such-thing/",
}


def _pk(name: str, w: World) -> int:
    ns = name.split(":")[0]
    if name.startswith("plans:draft_"):
        return w.draft.pk
    attr = PK.get(name) or PK.get(ns)
    return getattr(w, attr).pk


def url_for(pattern, w: World) -> str:
    if pattern.name in FIXED:
        return FIXED[pattern.name]
    if pattern.name.startswith("admin/") or ("admin:" in pattern.name and "<" in pattern.route):
        route = pattern.route.replace("<path:object_id>", "1").replace("<id>", "1")
        return "/" + route
    if ":" not in pattern.name:  # unnamed, not admin
        return "/" + pattern.route
    kwargs = {}
    for param in _params(pattern.route):
        if param == "pk":
            kwargs["pk"] = _pk(pattern.name, w)
        elif param == "measure_pk":
            kwargs[param] = w.measure.pk
        elif param == "invitation_pk":
            kwargs[param] = w.invitation.pk
        elif param == "key":
            kwargs[param] = w.invitation_key
        elif param == "membership_pk":
            kwargs[param] = w.membership.pk
        elif param == "duty_pk":
            kwargs[param] = w.plan.duties.order_by("pk").first().pk
        elif param == "hpk":
            kwargs[param] = w.handover.pk
        elif param == "mid":
            kwargs[param] = w.measure.pk
        elif param == "iid":
            kwargs[param] = w.indicator.pk
        elif param == "event_pk":
            kwargs[param] = w.event.pk
        elif param == "plan_pk":
            kwargs[param] = w.plan.pk
        elif param == "number":
            kwargs[param] = 2
        elif param == "fmt":
            kwargs[param] = FMT[pattern.name]
        elif param == "uid":
            kwargs[param] = w.uid
        elif param == "node":
            kwargs[param] = w.node_uid
        elif param == "index":
            kwargs[param] = 0
        elif param == "period":
            kwargs[param] = "2025"
        elif param in ("uidb64", "token"):
            kwargs[param] = w.reset[param]
        else:
            raise KeyError(f"{pattern.name}: no value for <{param}>")
    return reverse(pattern.name, kwargs=kwargs)


def _params(route: str) -> list[str]:
    import re

    return [m.split(":")[-1] for m in re.findall(r"<([^>]+)>", route)]
