"""Where access is decided: the one home for "may this request reach this object?".

Roles live one floor down, in `planwatch.orgs.access` (`Access`: roles granted on an
organisation reach down its tree; `can_see_org`, `can_monitor_org`, `can_edit_org`, …) and in
`Plan.objects.visible_to` / `.public()`. This package builds every object rule on them, so the
pages, the API and the reports never disagree:

- `plans`: plans, measures, import drafts, public plans, organisations (`plan_for_user`, …);
- `reports`: monitoring dashboards, expected reports and the approval chain (`slot_for_user`, …);
- `lists`: the same rules as querysets for lists (the API's `plans_for`, `slots_for`, …).

Every helper answers 404 for what the user may not reach (never a hint it exists); views that
answer 403 instead (a POST by a reader) say so themselves. Nothing here imports a view.
"""

from planwatch.access.lists import (
    chain_rows_for,
    measures_for,
    plans_for,
    public_slots,
    slot_access,
    slots_for,
)
from planwatch.access.plans import (
    draft_for_editor,
    measure_of,
    org_for_monitor,
    org_for_viewer,
    plan_for_editor,
    plan_for_user,
    public_plan,
)
from planwatch.access.reports import (
    ChainAccess,
    SlotAccess,
    acts_for_plan,
    decides_for_plan,
    is_writable,
    plan_for_chain,
    plan_for_monitor,
    plan_for_reviewer,
    slot_for_user,
    writes_slot,
)

__all__ = [
    "ChainAccess",
    "SlotAccess",
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
    "public_slots",
    "slot_access",
    "slot_for_user",
    "slots_for",
    "writes_slot",
]
