"""The meetings register: record a meeting with minutes and decisions; who reads, who writes."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planwatch.meetings.models import Decision, DecisionStatus, Meeting
from tests.meetings.base import PDF, MeetingsTestCase, make_decision, make_meeting


class RegisterTestCase(MeetingsTestCase):
    def add_url(self):
        return reverse("meetings:add", args=[self.mplan.pk])

    def post_meeting(self, **extra):
        data = {
            "date": "2025-09-25",
            "body": "working_group",
            "body_name": "Міжвідомча робоча група",
            "period": "2025-q3",
            "participants": "Іваненко І. І.\nПетренко П. П.",
            "agenda": "Про стан виконання плану за III квартал",
            **extra,
        }
        return self.client.post(self.add_url(), data)

    def test_a_coordinator_records_a_meeting_with_minutes(self):
        self.login(self.coordinator)
        upload = SimpleUploadedFile("протокол.pdf", PDF, content_type="application/pdf")
        response = self.post_meeting(minutes_file=upload)
        meeting = Meeting.objects.get(plan=self.mplan)
        self.assertRedirects(response, meeting.get_absolute_url())
        self.assertEqual(meeting.period, "2025-Q3")
        self.assertEqual((meeting.minutes_kind, meeting.minutes_name), ("pdf", "протокол.pdf"))
        self.assertNotIn("протокол", meeting.minutes.name)  # a random name on disk
        got = self.client.get(reverse("meetings:minutes", args=[meeting.pk]))
        self.assertEqual(got.status_code, 200)
        self.assertEqual(b"".join(got.streaming_content), PDF)
        self.assertEqual(got["Content-Security-Policy"], "sandbox")

    def test_minutes_that_are_not_pdf_or_docx_are_refused(self):
        self.login(self.coordinator)
        png = SimpleUploadedFile("протокол.pdf", b"MZ\x90\x00 not a pdf")
        response = self.post_meeting(minutes_file=png)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Meeting.objects.exists())

    def test_a_bad_period_is_refused(self):
        self.login(self.coordinator)
        self.assertEqual(self.post_meeting(period="третій квартал").status_code, 400)

    def test_a_coordinator_adds_a_decision_with_a_responsible_organisation(self):
        meeting = make_meeting(self.mplan)
        self.login(self.coordinator)
        url = reverse("meetings:decision_add", args=[meeting.pk])
        data = {
            "number": 1,
            "text": "Забезпечити супровід сімей",
            "responsible": self.service.pk,
            "due_date": "2025-12-31",
            "status": "open",
        }
        self.assertRedirects(self.client.post(url, data), meeting.get_absolute_url())
        decision = Decision.objects.get(meeting=meeting)
        self.assertEqual(decision.responsible, self.service)

    def test_a_decision_cannot_name_an_organisation_of_another_community(self):
        meeting = make_meeting(self.mplan)
        self.login(self.coordinator)
        url = reverse("meetings:decision_add", args=[meeting.pk])
        data = {"number": 1, "text": "x", "responsible": self.other_service.pk}
        data.update(due_date="2025-12-31", status="open")
        self.assertEqual(self.client.post(url, data).status_code, 400)
        self.assertFalse(Decision.objects.exists())

    def test_readers_of_the_plan_read_but_do_not_write(self):
        meeting = make_meeting(self.mplan)
        decision = make_decision(meeting, self.center)
        self.login(self.reviewer)
        self.assertEqual(
            self.client.get(reverse("meetings:plan", args=[self.mplan.pk])).status_code, 200
        )
        self.assertContains(self.client.get(meeting.get_absolute_url()), decision.text)
        self.assertEqual(self.post_meeting().status_code, 403)
        url = reverse("meetings:decision", args=[decision.pk])
        self.assertEqual(self.client.post(url, {"status": "done"}).status_code, 403)
        self.assertEqual(
            self.client.get(reverse("meetings:edit", args=[meeting.pk])).status_code, 403
        )

    def test_the_responsible_organisation_reports_progress_on_its_decision(self):
        meeting = make_meeting(self.mplan)
        decision = make_decision(meeting, self.service)
        self.login(self.executor)
        url = reverse("meetings:decision", args=[decision.pk])
        data = {"status": "done", "done_on": "2025-11-03", "note": "Проведено"}
        self.assertRedirects(self.client.post(url, data), meeting.get_absolute_url())
        decision.refresh_from_db()
        self.assertEqual(decision.status, DecisionStatus.DONE)
        self.assertEqual(decision.done_on, dt.date(2025, 11, 3))
        self.assertEqual(decision.text, "Підготувати пропозиції щодо розвитку послуг")

    def test_done_needs_a_date(self):
        decision = make_decision(make_meeting(self.mplan), self.service)
        self.login(self.executor)
        url = reverse("meetings:decision", args=[decision.pk])
        self.assertEqual(self.client.post(url, {"status": "done"}).status_code, 400)

    def test_an_outsider_gets_404_for_everything(self):
        meeting = make_meeting(self.mplan)
        decision = make_decision(meeting, self.service)
        self.login(self.outsider)
        urls = [
            reverse("meetings:plan", args=[self.mplan.pk]),
            reverse("meetings:add", args=[self.mplan.pk]),
            meeting.get_absolute_url(),
            reverse("meetings:edit", args=[meeting.pk]),
            reverse("meetings:minutes", args=[meeting.pk]),
            reverse("meetings:decision", args=[decision.pk]),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for url in [urls[1], urls[3], urls[5], reverse("meetings:decision_add", args=[meeting.pk])]:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {"status": "done"}).status_code, 404)
        decision.refresh_from_db()
        self.assertEqual(decision.status, DecisionStatus.OPEN)

    def test_anonymous_users_are_sent_to_the_login(self):
        meeting = make_meeting(self.mplan)
        response = self.client.get(meeting.get_absolute_url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])


class RegisterQueryCountTestCase(MeetingsTestCase):
    def count(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_plan_page_costs_the_same_with_more_meetings(self):
        url = reverse("meetings:plan", args=[self.mplan.pk])
        self.login(self.coordinator)
        make_decision(make_meeting(self.mplan), self.service)
        self.client.get(url)
        small = self.count(url)
        for i in range(5):
            m = make_meeting(self.mplan, date=dt.date(2025, 3 + i, 10), period="")
            make_decision(m, self.center, due=dt.date(2025, 4, 1))
            make_decision(m, self.service)
        self.assertEqual(self.count(url), small)

    def test_the_meeting_page_costs_the_same_with_more_decisions(self):
        meeting = make_meeting(self.mplan)
        make_decision(meeting, self.service)
        self.login(self.coordinator)
        small = self.count(meeting.get_absolute_url())
        for i in range(6):
            make_decision(meeting, self.center, number=i + 2)
        self.assertEqual(self.count(meeting.get_absolute_url()), small)
