"""In-app notifications: written next to the reminder e-mails and on workflow events, exactly
once each; the "Сповіщення" page and the header's unread counter."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.monitoring.models import Notification, Reminder, ReportState
from tests.support.factory import make_user
from tests.support.monitoring_base import KYIV, MonitoringTestCase, make_report

NOW = dt.datetime(2025, 10, 25, 9, 0, tzinfo=KYIV)


def remind(day: str) -> None:
    call_command("send_reminders", date=day, stdout=StringIO())


def notes(user, kind=None):
    rows = Notification.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


class ReminderNotificationsTestCase(MonitoringTestCase):
    def test_each_reminder_email_leaves_one_notification(self):
        remind("2025-10-16")
        sent = Reminder.objects.filter(user=self.executor, kind="before").count()
        self.assertGreater(sent, 0)
        remind("2025-10-16")  # a second run sends nothing, and notifies nothing
        before = notes(self.executor, "before")
        self.assertEqual(len(before), sent)
        self.assertTrue(all(n.link == "/monitoring/" and "20.10.2025" in n.text for n in before))
        remind("2025-10-22")
        remind("2025-10-23")
        after = Reminder.objects.filter(user=self.executor, kind="after").count()
        self.assertEqual(len(notes(self.executor, "after")), after)

    def test_the_weekly_digest_reaches_the_coordinator_in_app(self):
        remind("2025-10-22")
        digests = notes(self.coordinator, "digest")
        self.assertTrue(digests)
        self.assertTrue(all(n.link.startswith("/monitoring/plans/") for n in digests))
        remind("2025-10-23")
        self.assertEqual(len(notes(self.coordinator, "digest")), len(digests))


@time_machine.travel(NOW, tick=False)
class WorkflowNotificationsTestCase(MonitoringTestCase):
    def test_a_submission_notifies_the_plans_coordinators_once(self):
        self.login(self.executor)
        expected_report = self.expected_report(2)
        data = {"outcome": "done", "narrative": "Проведено.", "action": "submit"}
        self.client.post(f"/monitoring/reports/{expected_report.pk}/", data)
        (note,) = notes(self.coordinator)
        self.assertEqual(
            (note.kind, note.link), ("submitted", f"/monitoring/reports/{expected_report.pk}/")
        )
        self.assertIn("Служба у справах дітей", note.text)
        self.assertIn("2025-Q3", note.text)
        self.assertEqual(notes(self.executor), [])  # not the actor

    def test_saving_a_draft_notifies_nobody(self):
        self.login(self.executor)
        expected_report = self.expected_report(2)
        self.client.post(
            f"/monitoring/reports/{expected_report.pk}/", {"narrative": "x", "action": "save"}
        )
        self.assertFalse(Notification.objects.exists())

    def test_submitting_several_at_once_sends_one_line_per_coordinator_and_plan(self):
        self.login(self.executor)
        data = {"action": "submit"}
        for n in (1, 2, 3):
            expected_report = self.expected_report(n)
            data["expected"] = [*data.get("expected", []), expected_report.pk]
            data[f"r{expected_report.pk}-outcome"] = "done"
            data[f"r{expected_report.pk}-narrative"] = "Проведено."
        self.client.post("/monitoring/", data)
        (note,) = notes(self.coordinator)
        self.assertIn("3", note.text)
        self.assertTrue(note.link.endswith("?show=submitted"))

    def test_returning_notifies_the_writers_with_the_comment(self):
        expected_report = self.expected_report(1)
        make_report(expected_report, state=ReportState.SUBMITTED)
        self.login(self.coordinator)
        self.client.post(
            f"/monitoring/reports/{expected_report.pk}/review/",
            {"version": 0, "action": "return", "comment": "Цифри?"},
        )
        (note,) = notes(self.executor)
        self.assertEqual(note.kind, "returned")
        self.assertIn("Цифри?", note.text)
        self.assertEqual(notes(self.co_executor), [])  # the centre writes its own report
        self.assertEqual(notes(self.coordinator), [])

    def test_a_bulk_accept_notifies_each_writer_once_per_plan(self):
        expected_reports = [self.expected_report(n) for n in (1, 2, 3)] + [
            self.expected_report(1, org=self.center)
        ]
        for expected_report in expected_reports:
            make_report(expected_report, state=ReportState.SUBMITTED)
        self.login(self.coordinator)
        url = f"/monitoring/plans/{self.mplan.pk}/reports/review/"
        self.client.post(url, {"action": "accept", "expected": [s.pk for s in expected_reports]})
        (mine,) = notes(self.executor)
        self.assertEqual((mine.kind, mine.link), ("accepted", "/monitoring/"))
        self.assertIn("3", mine.text)
        (theirs,) = notes(self.co_executor)
        self.assertEqual(theirs.link, f"/monitoring/reports/{expected_reports[-1].pk}/")

    def test_a_refused_bulk_review_notifies_nobody(self):
        make_report(self.expected_report(1), state=ReportState.SUBMITTED)
        make_report(self.expected_report(2), state=ReportState.DRAFT)
        self.login(self.coordinator)
        url = f"/monitoring/plans/{self.mplan.pk}/reports/review/"
        self.client.post(
            url,
            {
                "action": "accept",
                "expected": [self.expected_report(1).pk, self.expected_report(2).pk],
            },
        )
        self.assertFalse(Notification.objects.exists())

    def test_reopening_notifies_the_writers(self):
        expected_report = self.expected_report(2)
        make_report(expected_report, state=ReportState.ACCEPTED)
        self.login(self.coordinator)
        self.client.post(
            f"/monitoring/reports/{expected_report.pk}/review/",
            {"version": 0, "action": "reopen", "comment": "Помилка"},
        )
        (note,) = notes(self.executor)
        self.assertEqual(note.kind, "reopened")


@time_machine.travel(NOW, tick=False)
class NotificationPageTestCase(MonitoringTestCase):
    def make(self, user, n=1, **kw):
        return [
            Notification.objects.create(
                user=user, kind="accepted", text=f"Звіт прийнято {i}", link="/monitoring/", **kw
            )
            for i in range(n)
        ]

    def test_the_page_lists_the_users_notifications_with_unread_ones_highlighted(self):
        self.make(self.executor, 2)
        self.make(self.executor, 1, read_at=dt.datetime(2025, 10, 1, tzinfo=KYIV))
        self.make(self.coordinator, 1)
        self.login(self.executor)
        response = self.client.get("/monitoring/notifications/")
        self.assertContains(response, 'class="unread"', count=2)
        self.assertContains(response, 'class="read"', count=1)
        self.assertEqual(len(response.context["page"]), 3)
        self.assertContains(response, "Сповіщення")

    def test_the_header_counts_unread_notifications(self):
        self.make(self.executor, 4)
        self.login(self.executor)
        response = self.client.get("/monitoring/")
        self.assertContains(response, 'title="непрочитані">4</span>')

    def test_mark_all_read(self):
        self.make(self.executor, 3)
        (other,) = self.make(self.coordinator, 1)
        self.login(self.executor)
        self.client.post("/monitoring/notifications/read/")
        self.assertFalse(Notification.objects.filter(user=self.executor, read_at=None).exists())
        other.refresh_from_db()
        self.assertIsNone(other.read_at)
        response = self.client.get("/monitoring/")
        self.assertNotContains(response, 'title="непрочитані"')

    def test_opening_one_marks_it_read_and_follows_its_link(self):
        (note,) = self.make(self.executor)
        self.login(self.executor)
        response = self.client.get(f"/monitoring/notifications/{note.pk}/")
        self.assertRedirects(response, "/monitoring/")
        note.refresh_from_db()
        self.assertIsNotNone(note.read_at)

    def test_a_link_off_the_site_is_not_followed(self):
        (note,) = self.make(self.executor)
        Notification.objects.filter(pk=note.pk).update(link="//evil.example/")
        self.login(self.executor)
        response = self.client.get(f"/monitoring/notifications/{note.pk}/")
        self.assertRedirects(response, "/monitoring/notifications/")

    def test_someone_elses_notification_is_404(self):
        (note,) = self.make(self.coordinator)
        self.login(self.executor)
        self.assertEqual(self.client.get(f"/monitoring/notifications/{note.pk}/").status_code, 404)
        note.refresh_from_db()
        self.assertIsNone(note.read_at)

    def test_anonymous_users_are_sent_to_login(self):
        self.assertEqual(self.client.get("/monitoring/notifications/").status_code, 302)

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_page_costs_the_same_for_few_and_many_notifications(self):
        self.make(self.executor, 2)
        self.login(self.executor)
        few = self.queries("/monitoring/notifications/")
        self.make(self.executor, 60)
        self.assertEqual(self.queries("/monitoring/notifications/"), few)

    def test_the_header_counter_costs_one_query(self):
        self.login(self.executor)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get("/plans/")
        counts = [q["sql"] for q in ctx.captured_queries if "monitoring_notification" in q["sql"]]
        self.assertEqual(len(counts), 1)
        self.client.logout()
        with CaptureQueriesContext(connection) as ctx:
            self.client.get("/public/")
        self.assertFalse(any("monitoring_notification" in q["sql"] for q in ctx.captured_queries))

    def test_a_user_without_email_still_gets_in_app_notifications(self):
        quiet = make_user("quiet", self.service, "executor", email="")
        expected_report = self.expected_report(1)
        make_report(expected_report, state=ReportState.SUBMITTED)
        self.login(self.coordinator)
        self.client.post(
            f"/monitoring/reports/{expected_report.pk}/review/", {"version": 0, "action": "accept"}
        )
        self.assertEqual(len(notes(quiet)), 1)
