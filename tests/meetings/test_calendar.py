"""The personal calendar feed: a secret URL, no login, what the person owes, valid iCalendar."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse
from icalendar import Calendar

from planwatch.meetings.models import CalendarToken
from tests.meetings.base import MeetingsTestCase, make_decision, make_meeting, make_meeting_duty


@time_machine.travel(dt.datetime(2025, 11, 20, 9, tzinfo=dt.UTC), tick=False)
class CalendarFeedTestCase(MeetingsTestCase):
    def feed_url(self, user) -> str:
        token, _ = CalendarToken.objects.get_or_create(user=user)
        return reverse("meetings:feed", args=[token.key])

    def parse(self, url: str) -> dict[str, object]:
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/calendar"))
        cal = Calendar.from_ical(response.content)
        return {str(c["UID"]): c for c in cal.walk() if c.name in ("VEVENT", "VTODO")}

    def test_the_page_shows_the_address_and_makes_a_new_one(self):
        self.login(self.executor)
        page = self.client.get(reverse("meetings:calendar"))
        old = CalendarToken.objects.get(user=self.executor).key
        self.assertContains(page, old)
        self.client.post(reverse("meetings:calendar"))
        new = CalendarToken.objects.get(user=self.executor).key
        self.assertNotEqual(old, new)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("meetings:feed", args=[old])).status_code, 404)
        self.assertEqual(self.client.get(reverse("meetings:feed", args=[new])).status_code, 200)

    def test_an_unknown_key_is_404(self):
        self.assertEqual(self.client.get(reverse("meetings:feed", args=["nope"])).status_code, 404)

    def test_an_executor_gets_duties_measure_deadlines_and_decisions_with_stable_uids(self):
        decision = make_decision(make_meeting(self.mplan), self.service, due=dt.date(2025, 12, 15))
        url = self.feed_url(self.executor)
        entries = self.parse(url)
        measure = self.measures()[1]  # one-off, ends 31.12.2025
        self.assertEqual(
            entries[f"measure-{measure.pk}@planwatch"]["DTSTART"].dt, measure.deadline_end
        )
        todo = entries[f"decision-{decision.pk}@planwatch"]
        self.assertEqual(todo.name, "VTODO")
        self.assertEqual(todo["DUE"].dt, dt.date(2025, 12, 15))
        duties = [uid for uid in entries if uid.startswith("duty-")]
        self.assertTrue(any(uid.endswith("-2025-Q4@planwatch") for uid in duties), duties)
        self.assertEqual(sorted(self.parse(url)), sorted(entries))  # the same UIDs again

    def test_a_coordinator_owes_the_meetings_and_sees_held_ones_left_out(self):
        duty = make_meeting_duty(self.mplan)
        entries = self.parse(self.feed_url(self.coordinator))
        self.assertIn(f"duty-{duty.pk}-2025-Q4@planwatch", entries)
        self.assertIn(f"duty-{duty.pk}-2025-Q3@planwatch", entries)
        make_meeting(self.mplan, period="2025-Q3")
        entries = self.parse(self.feed_url(self.coordinator))
        self.assertNotIn(f"duty-{duty.pk}-2025-Q3@planwatch", entries)

    def test_nothing_of_another_community_reaches_the_feed(self):
        make_decision(make_meeting(self.mplan), self.service)
        entries = self.parse(self.feed_url(self.other_executor))
        self.assertFalse([uid for uid in entries if not uid.startswith("duty-")])
        self.assertFalse(
            [
                uid
                for uid in entries
                if uid.startswith("duty-")
                and self.mplan.duties.filter(pk=int(uid.split("-")[1])).exists()
            ]
        )
