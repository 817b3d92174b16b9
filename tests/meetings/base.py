"""The meetings world: the monitoring world, a working-group duty, and helpers to record
meetings and decisions (no tests here)."""

from __future__ import annotations

import datetime as dt
import tempfile

from django.test import override_settings

from planwatch.importer.normalize.deadline import parse_deadline
from planwatch.meetings.models import Body, Decision, Meeting
from planwatch.monitoring.models import Duty, DutyKind
from tests.support.factory import make_measure_dict, make_plan_dict
from tests.support.monitoring_base import MonitoringTestCase

MEDIA_DIR = tempfile.mkdtemp(prefix="planwatch-media-")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WAR = "Протягом трьох місяців після припинення (скасування) дії правового режиму воєнного стану"


def make_meeting(plan, date=dt.date(2025, 9, 25), period="2025-Q3", **kw) -> Meeting:
    return Meeting.objects.create(
        plan=plan, date=date, period=period, body=kw.pop("body", Body.WORKING_GROUP), **kw
    )


def make_decision(meeting, responsible, due=dt.date(2025, 12, 31), **kw) -> Decision:
    text = kw.pop("text", "Підготувати пропозиції щодо розвитку послуг")
    return Decision.objects.create(
        meeting=meeting, responsible=responsible, due_date=due, text=text, **kw
    )


def make_meeting_duty(plan) -> Duty:
    return Duty.objects.create(
        plan=plan,
        kind=DutyKind.WORKING_GROUP,
        frequency="quarterly",
        due_rule="days_after",
        due_days=0,
        responsible=plan.owner,
        confirmed=True,
    )


def conditional_plan_dict(conditional: int = 2, plain: int = 1) -> dict:
    """A plan whose first `conditional` measures wait for the end of martial law."""
    doc = make_plan_dict(measures=0, title="План громади з умовними строками на 2025-2026 роки")
    task = doc["nodes"][0]["children"][0]
    period = {"start": 2025, "end": 2026}
    for n in range(1, conditional + plain + 1):
        m = make_measure_dict(n)
        if n <= conditional:
            m["deadline"] = {"text": WAR, **parse_deadline(WAR, period)}
            m["deadline"].pop("warnings", None)
        task["measures"].append(m)
    return doc


@override_settings(MEDIA_ROOT=MEDIA_DIR)
class MeetingsTestCase(MonitoringTestCase):
    pass
