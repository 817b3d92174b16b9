"""Deleting a meeting recorded by mistake: confirmed, only by its editors, decisions kept
when someone has reported work on them; the meeting duty is owed again."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planwatch.meetings.duties import owed
from planwatch.meetings.models import Decision, DecisionStatus, Meeting
from tests.meetings.base import (
    PDF,
    MeetingsTestCase,
    make_decision,
    make_meeting,
    make_meeting_duty,
)


class DeleteMeetingTestCase(MeetingsTestCase):
    def url(self, meeting):
        return reverse("meetings:delete", args=[meeting.pk])

    def test_a_coordinator_confirms_and_the_meeting_and_its_decisions_go(self):
        make_meeting_duty(self.mplan)
        meeting = make_meeting(self.mplan)
        make_decision(meeting, self.service, text="Рішення, записане помилково")
        cancelled = make_decision(meeting, self.service, status=DecisionStatus.CANCELLED)
        today = dt.date(2025, 11, 1)
        self.assertEqual(
            [r["period"].label for r in owed(self.mplan, today)], ["2025-Q1", "2025-Q2"]
        )
        self.login(self.coordinator)
        page = self.client.get(meeting.get_absolute_url())
        self.assertContains(page, self.url(meeting))
        page = self.client.get(self.url(meeting))  # a confirmation, nothing deleted yet
        self.assertContains(page, "Рішення, записане помилково")
        self.assertTrue(Meeting.objects.filter(pk=meeting.pk).exists())
        response = self.client.post(self.url(meeting))
        self.assertRedirects(response, reverse("meetings:plan", args=[self.mplan.pk]))
        self.assertFalse(Meeting.objects.filter(pk=meeting.pk).exists())
        self.assertFalse(Decision.objects.filter(pk=cancelled.pk).exists())
        periods = [r["period"].label for r in owed(self.mplan, today)]
        self.assertEqual(periods, ["2025-Q1", "2025-Q2", "2025-Q3"])  # owed again

    def test_the_minutes_file_is_removed(self):
        self.login(self.coordinator)
        upload = SimpleUploadedFile("протокол.pdf", PDF, content_type="application/pdf")
        data = {"date": "2025-09-25", "body": "working_group", "period": "2025-Q3"}
        self.client.post(
            reverse("meetings:add", args=[self.mplan.pk]), {**data, "minutes_file": upload}
        )
        meeting = Meeting.objects.get(plan=self.mplan)
        storage, name = meeting.minutes.storage, meeting.minutes.name
        self.assertTrue(storage.exists(name))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url(meeting))
        self.assertFalse(storage.exists(name))

    def test_a_decision_with_reported_work_holds_the_meeting(self):
        meeting = make_meeting(self.mplan)
        done = make_decision(
            meeting, self.service, status=DecisionStatus.DONE, done_on=dt.date(2025, 10, 1)
        )
        self.login(self.coordinator)
        response = self.client.post(self.url(meeting))
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, done.text[:40], status_code=409)
        self.assertTrue(Decision.objects.filter(pk=done.pk).exists())
        done.status, done.done_on, done.note = DecisionStatus.OPEN, None, "Почали роботу"
        done.save()
        self.assertEqual(self.client.post(self.url(meeting)).status_code, 409)

    def test_readers_get_403_and_outsiders_404(self):
        meeting = make_meeting(self.mplan)
        for user, status in ((self.reviewer, 403), (self.executor, 403), (self.outsider, 404)):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.post(self.url(meeting)).status_code, status)
                self.assertEqual(self.client.get(self.url(meeting)).status_code, status)
        self.assertTrue(Meeting.objects.filter(pk=meeting.pk).exists())
        self.login(self.reviewer)
        self.assertNotContains(self.client.get(meeting.get_absolute_url()), self.url(meeting))

    def test_the_confirmation_speaks_ukrainian(self):
        from tests.support.english import english_in_html

        meeting = make_meeting(self.mplan)
        make_decision(meeting, self.service)
        self.login(self.coordinator)
        page = self.client.get(self.url(meeting)).content.decode()
        self.assertEqual(english_in_html(page), [])
        make_decision(meeting, self.service, status=DecisionStatus.IN_PROGRESS)
        page = self.client.get(self.url(meeting)).content.decode()
        self.assertIn("Засідання не можна видалити", page)
        self.assertEqual(english_in_html(page), [])
