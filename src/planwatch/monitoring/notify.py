"""Writing in-app notifications for workflow events (the reminders write theirs in
`reminders.deliver`, next to the e-mail).

One notification per recipient and plan for reports that moved together: a coordinator who
accepts 30 reports at once sends each executor one line, not 30. The actor is never notified of
their own action. Texts are written in the site's language when the event happens.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwatch.monitoring.models import ExecutionReport, Notification, NotificationKind

KIND = {
    "submitted": NotificationKind.SUBMITTED,
    "return": NotificationKind.RETURNED,
    "accept": NotificationKind.ACCEPTED,
    "reopen": NotificationKind.REOPENED,
}


def report_events(reports: list[ExecutionReport], action: str, actor, note: str = "") -> int:
    """Notify about `reports` that just went through `action` ("submitted", "accept",
    "return", "reopen"): submissions to the plan's coordinators, the rest to the writers."""
    from planwatch.monitoring.reminders import coordinators, executor_recipients

    if not reports:
        return 0
    groups: dict[tuple, list[ExecutionReport]] = defaultdict(list)
    if action == "submitted":
        by_plan: dict[int, list] = defaultdict(list)
        for report in reports:
            by_plan[report.expected.plan_id].append(report)
        for items in by_plan.values():
            for user in coordinators(items[0].expected.plan, need_email=False):
                groups[(user, items[0].expected.plan_id)] += items
    else:
        writers = executor_recipients([r.expected.organization for r in reports], need_email=False)
        for report in reports:
            for user in writers.get(report.expected.organization_id, []):
                groups[(user, report.expected.plan_id)].append(report)
    with translation.override(settings.LANGUAGE_CODE):
        rows = [
            _notification(user, action, items, note)
            for (user, _plan), items in groups.items()
            if user.pk != getattr(actor, "pk", None)
        ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def _notification(user, action: str, items: list[ExecutionReport], note: str) -> Notification:
    expected = items[0].expected
    one = len(items) == 1
    if one:
        link = reverse("monitoring:report", args=[expected.pk])
    elif action == "submitted":
        link = reverse("monitoring:report_list", args=[expected.plan_id]) + "?show=submitted"
    else:
        link = reverse("monitoring:my_reports")
    names = {
        "org": expected.organization.name,
        "period": expected.period,
        "measure": Truncator(f"{expected.measure.number} {expected.measure.text}").chars(90),
        "plan": Truncator(expected.plan.title).chars(90),
        "n": len(items),
        "note": Truncator(note).chars(200),
    }
    text = (_single(action) if one else _many(action, len(items))) % names
    return Notification(user=user, kind=KIND[action], text=text, link=link)


def _single(action: str) -> str:
    return {
        "submitted": _("%(org)s submitted the report for %(period)s on %(measure)s (%(plan)s)."),
        "accept": _("Your report for %(period)s on %(measure)s was accepted (%(plan)s)."),
        "return": _("Your report for %(period)s on %(measure)s was returned for changes: %(note)s"),
        "reopen": _("Your accepted report for %(period)s on %(measure)s was reopened: %(note)s"),
    }[action]


def _many(action: str, n: int) -> str:
    if action == "submitted":
        return ngettext(
            "%(n)d report was submitted (%(plan)s).", "%(n)d reports were submitted (%(plan)s).", n
        )
    if action == "accept":
        return ngettext(
            "%(n)d of your reports was accepted (%(plan)s).",
            "%(n)d of your reports were accepted (%(plan)s).",
            n,
        )
    if action == "return":
        return ngettext(
            "%(n)d of your reports was returned for changes (%(plan)s): %(note)s",
            "%(n)d of your reports were returned for changes (%(plan)s): %(note)s",
            n,
        )
    return ngettext(
        "%(n)d of your accepted reports was reopened (%(plan)s): %(note)s",
        "%(n)d of your accepted reports were reopened (%(plan)s): %(note)s",
        n,
    )
