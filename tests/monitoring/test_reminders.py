"""Reminders: before and after the due date to executors, a weekly digest to coordinators,
never twice for the same thing."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command

from planwatch.monitoring import reminders
from planwatch.monitoring.models import Reminder, ReportingSchedule, ReportState
from planwatch.plans.models import PlanStatus
from tests.support.monitoring_base import MonitoringTestCase, make_report


def run(day: str) -> str:
    out = StringIO()
    call_command("send_reminders", date=day, stdout=out)
    return out.getvalue()


class RemindersTestCase(MonitoringTestCase):
    def sent_to(self, user, plan_title: str = "План моніторингу") -> list:
        """E-mails to the user about the monitored plan (the base plan sends its own)."""
        return [m for m in mail.outbox if user.email in m.to and plan_title in m.body]

    def test_executors_are_reminded_before_the_due_date(self):
        run("2025-10-16")
        (message,) = [m for m in self.sent_to(self.executor) if "20.10.2025" in m.subject]
        self.assertIn("/monitoring/", message.body)
        self.assertIn("захід номер 1", message.body)

    def test_nobody_is_reminded_too_early(self):
        run("2025-10-01")
        self.assertEqual(self.sent_to(self.executor), [])

    def test_a_second_run_the_same_day_sends_nothing(self):
        run("2025-10-16")
        count = len(mail.outbox)
        self.assertIn("0 e-mails sent", run("2025-10-16"))
        self.assertEqual(len(mail.outbox), count)

    def test_the_next_day_does_not_repeat_the_same_reminder(self):
        run("2025-10-16")
        before = len(self.sent_to(self.executor))
        run("2025-10-17")
        self.assertEqual(len(self.sent_to(self.executor)), before)

    def test_an_overdue_report_gets_one_reminder_after_the_due_date(self):
        run("2025-10-16")
        run("2025-10-22")
        run("2025-10-23")
        sent = Reminder.objects.filter(user=self.executor, plan=self.mplan)
        kinds = list(sent.values_list("kind", flat=True))
        self.assertEqual(sorted(kinds), ["after", "before"])

    def test_handed_in_reports_are_not_reminded(self):
        for n in (1, 2, 3):
            make_report(self.expected_report(n), state=ReportState.SUBMITTED)
        for n in (1, 2, 3):
            make_report(self.expected_report(n, plan=self.plan), state=ReportState.SUBMITTED)
        run("2025-10-16")
        self.assertEqual(self.sent_to(self.executor), [])

    def test_the_co_executor_gets_only_its_own_measures(self):
        run("2025-10-16")
        (message,) = [m for m in self.sent_to(self.co_executor) if "20.10.2025" in m.subject]
        self.assertIn("захід номер 1", message.body)
        self.assertNotIn("захід номер 2", message.body)

    def test_partners_by_consent_are_not_chased(self):
        Reminder.objects.all().delete()
        run("2025-10-16")
        self.assertFalse(Reminder.objects.filter(user__memberships__org=self.partner).exists())

    def test_coordinators_get_a_weekly_digest(self):
        run("2025-10-22")
        digests = self.sent_to(self.coordinator)
        self.assertEqual(len(digests), 1)
        self.assertIn(f"/monitoring/plans/{self.mplan.pk}/", digests[0].body)
        run("2025-10-23")
        self.assertEqual(len(self.sent_to(self.coordinator)), 1)
        run("2025-10-29")
        self.assertEqual(len(self.sent_to(self.coordinator)), 2)

    def test_archived_plans_are_left_alone(self):
        self.mplan.status = PlanStatus.ARCHIVED
        self.mplan.save(update_fields=["status"])
        self.plan.status = PlanStatus.ARCHIVED
        self.plan.save(update_fields=["status"])
        run("2025-10-16")
        self.assertEqual(mail.outbox, [])

    def test_a_schedule_claimed_by_another_run_is_skipped(self):
        schedule = ReportingSchedule.objects.get(plan=self.mplan)
        stale = ReportingSchedule.objects.get(pk=schedule.pk)
        self.assertTrue(reminders.claim(schedule, "next_reminder_date", dt.date(2025, 10, 17)))
        self.assertFalse(reminders.claim(stale, "next_reminder_date", dt.date(2025, 10, 17)))

    def test_a_reminder_already_recorded_is_not_sent_again(self):
        result = reminders.RunResult()
        args = ("k1", "before", self.mplan, self.executor, "2025-Q3", "monitoring/email/before")
        ctx = {"plan": self.mplan, "items": [self.expected_report(1)], "url": "/", "period": None}
        reminders.deliver(*args, ctx, result)
        reminders.deliver(*args, ctx, result)
        self.assertEqual((result.sent, result.skipped, len(mail.outbox)), (1, 1, 1))

    def test_a_failed_send_is_forgotten_so_the_next_run_retries(self):
        result = reminders.RunResult()
        args = ("k2", "before", self.mplan, self.executor, "2025-Q3", "monitoring/email/before")
        ctx = {"plan": self.mplan, "items": [self.expected_report(1)], "url": "/", "period": None}
        with mock.patch("planwatch.monitoring.reminders.send_mail", side_effect=OSError("down")):
            reminders.deliver(*args, ctx, result)
        self.assertFalse(Reminder.objects.filter(key="k2").exists())
        reminders.deliver(*args, ctx, result)
        self.assertEqual((result.failed, result.sent), (1, 1))

    def test_a_bad_date_is_a_clear_error(self):
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "YYYY-MM-DD"):
            run("23.10.2025")
