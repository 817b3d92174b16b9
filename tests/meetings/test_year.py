"""A year with time-machine: the quarterly meeting duty owed then met, a meeting decision that
becomes overdue (and is chased once), one-off measures' deadline alerts."""

from __future__ import annotations

import datetime as dt
import io
import json

import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from planwatch.meetings.models import DecisionStatus
from planwatch.monitoring.models import (
    DutyKind,
    Notification,
    Outcome,
    Reminder,
    ReminderKind,
    ReportState,
)
from tests.meetings.base import MeetingsTestCase, make_decision, make_meeting, make_meeting_duty
from tests.support.monitoring_base import make_report

KYIV = dt.timezone(dt.timedelta(hours=2))


def at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(day + "T09:00:00+02:00"), tick=False)


def meeting_rows(plan_id: int, year: int) -> list[dict]:
    out = io.StringIO()
    call_command("duties", "--plan", str(plan_id), "--year", str(year), "--json", stdout=out)
    return [r for r in json.loads(out.getvalue()) if r["kind"] == DutyKind.WORKING_GROUP]


def remind(day: str) -> None:
    call_command("send_reminders", "--date", day, stdout=io.StringIO())


class MeetingDutyTestCase(MeetingsTestCase):
    def test_the_quarterly_meeting_is_owed_until_one_is_recorded(self):
        make_meeting_duty(self.mplan)
        with at("2025-05-10"):
            states = {r["period"]: r["state"] for r in meeting_rows(self.mplan.pk, 2025)}
            self.assertEqual(
                states, {"2025-Q1": "owed", "2025-Q2": "due", "2025-Q3": "due", "2025-Q4": "due"}
            )
            self.login(self.coordinator)
            page = self.client.get(reverse("meetings:plan", args=[self.mplan.pk]))
            owed = [row["period"].label for row in page.context["owed"]]
            self.assertEqual(owed, ["2025-Q1"])
            make_meeting(self.mplan, date=dt.date(2025, 5, 5), period="2025-Q1")
            states = {r["period"]: r["state"] for r in meeting_rows(self.mplan.pk, 2025)}
            self.assertEqual(states["2025-Q1"], "met")
        with at("2025-10-02"):
            states = {r["period"]: r["state"] for r in meeting_rows(self.mplan.pk, 2025)}
            self.assertEqual((states["2025-Q2"], states["2025-Q3"]), ("owed", "owed"))
            held = make_meeting(self.mplan, date=dt.date(2025, 9, 20), period="")  # by date: Q3
            states = {r["period"]: r["state"] for r in meeting_rows(self.mplan.pk, 2025)}
            self.assertEqual((states["2025-Q2"], states["2025-Q3"]), ("owed", "met"))
            self.login(self.coordinator)
            page = self.client.get(reverse("monitoring:duties", args=[self.mplan.pk]))
            self.assertContains(page, held.get_absolute_url())


class DecisionYearTestCase(MeetingsTestCase):
    def test_a_decision_becomes_overdue_and_is_chased_once(self):
        with at("2025-03-20"):
            meeting = make_meeting(self.mplan, date=dt.date(2025, 3, 20), period="2025-Q1")
            decision = make_decision(meeting, self.service, due=dt.date(2025, 6, 30))
        for day in ("2025-04-15", "2025-06-30"):
            with at(day):
                remind(day)
                self.assertFalse(
                    Reminder.objects.filter(kind=ReminderKind.DECISION_OVERDUE).exists()
                )
        with at("2025-07-01"):
            remind("2025-07-01")
            rows = Reminder.objects.filter(kind=ReminderKind.DECISION_OVERDUE)
            self.assertEqual(
                sorted(rows.values_list("user__username", flat=True)), ["coordinator", "executor"]
            )
            self.login(self.coordinator)
            page = self.client.get(meeting.get_absolute_url())
            self.assertContains(page, "decision-overdue")
            remind("2025-07-01")
        with at("2025-07-08"):
            remind("2025-07-08")
            self.assertEqual(Reminder.objects.filter(kind=ReminderKind.DECISION_OVERDUE).count(), 2)
            self.assertTrue(
                Notification.objects.filter(user=self.executor, kind="dec_late").exists()
            )
            decision.status, decision.done_on = DecisionStatus.DONE, dt.date(2025, 7, 8)
            decision.save()
            page = self.client.get(meeting.get_absolute_url())
            self.assertNotContains(page, "decision-overdue")


class MeasureDeadlineTestCase(MeetingsTestCase):
    """Measure 2 of the monitoring plan is one-off and ends 31.12.2025."""

    def kinds(self, user):
        return sorted(
            Reminder.objects.filter(user=user, kind__in=["m_soon", "m_late"]).values_list(
                "kind", "period"
            )
        )

    def test_executors_hear_before_the_deadline_and_everyone_when_it_passes(self):
        with at("2025-12-10"):
            remind("2025-12-10")
            self.assertEqual(self.kinds(self.executor), [])
        with at("2025-12-20"):
            remind("2025-12-20")
            remind("2025-12-21")
            self.assertEqual(self.kinds(self.executor), [("m_soon", "2025-12-31")])
            self.assertEqual(self.kinds(self.coordinator), [])
            soon = [
                m for m in mail.outbox if self.executor.email in m.to and "31.12.2025" in m.subject
            ]
            self.assertEqual(len(soon), 1)
        with at("2026-01-02"):
            remind("2026-01-02")
            late = [("m_late", "2025-12-31"), ("m_soon", "2025-12-31")]
            self.assertEqual(self.kinds(self.executor), late)
            self.assertEqual(self.kinds(self.coordinator), [("m_late", "2025-12-31")])

    def test_an_accepted_report_stops_the_passed_alert(self):
        measure = self.measures()[1]
        expected_report = (
            measure.expected_reports.filter(organization=self.service).order_by("period").first()
        )
        make_report(
            expected_report, state=ReportState.ACCEPTED, outcome=Outcome.DONE, user=self.executor
        )
        with at("2026-01-02"):
            remind("2026-01-02")
        self.assertEqual(self.kinds(self.executor), [])
