"""Where access is decided: the one home for "may this request reach this object?".

Roles live one floor down, in `planwatch.orgs.access` (`Access`: roles granted on an
organisation reach down its tree; `can_see_org`, `can_monitor_org`, `can_edit_org`, …) and in
`Plan.objects.visible_to` / `.public()`. Every object rule is built on them once, on the floor
of the models it guards, so the pages, the API and the reports never disagree:

- `plans.access`: plans, measures, import drafts, public plans, organisations, plan
  dashboards (`plan_for_user`, `plan_for_monitor`, …) and their lists (`plans_for`, …);
- `monitoring.access`: expected reports and the approval chain (`expected_report_for_user`,
  `plan_for_chain`, …) and their lists (`expected_reports_for`, `public_expected_reports`, …).

This package is the one entrance for every app above them (meetings, strategy, reports,
rollup, public, api); plans and monitoring import their own module (they sit below it, and
an app must not import what is built on it).

Every helper answers 404 for what the user may not reach (never a hint it exists); views that
answer 403 instead (a POST by a reader) say so themselves. Nothing here imports a view.
"""

from planwatch.monitoring.access import (
    ChainAccess,
    ReportAccess,
    acts_for_plan,
    chain_rows_for,
    decides_for_plan,
    expected_report_for_user,
    expected_report_parts,
    expected_reports_for,
    is_writable,
    plan_for_chain,
    public_expected_reports,
    report_access,
    writes_report,
)
from planwatch.plans.access import (
    draft_for_editor,
    measure_of,
    measures_for,
    org_for_monitor,
    org_for_viewer,
    plan_for_editor,
    plan_for_monitor,
    plan_for_reviewer,
    plan_for_user,
    plans_for,
    public_plan,
)

__all__ = [
    "ChainAccess",
    "ReportAccess",
    "acts_for_plan",
    "chain_rows_for",
    "decides_for_plan",
    "draft_for_editor",
    "is_writable",
    "measure_of",
    "measures_for",
    "org_for_monitor",
    "org_for_viewer",
    "plan_for_chain",
    "plan_for_editor",
    "plan_for_monitor",
    "plan_for_reviewer",
    "plan_for_user",
    "plans_for",
    "public_plan",
    "public_expected_reports",
    "report_access",
    "expected_report_for_user",
    "expected_report_parts",
    "expected_reports_for",
    "writes_report",
]
