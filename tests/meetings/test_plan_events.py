"""Plan-wide events: the end of martial law dated once gives conditional measures their
deadlines and expected reports; clearing it takes them back."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from planwatch.monitoring.models import ExpectedReport
from planwatch.plans import events
from planwatch.plans.models import AuditEntry, EventMeasure, PlanEvent
from tests.meetings.base import WAR, MeetingsTestCase, conditional_plan_dict
from tests.support.factory import make_plan


class EventRulesTestCase(MeetingsTestCase):
    def test_the_term_of_a_condition_is_read_in_words_and_digits(self):
        self.assertEqual(events.term(WAR), (3, 0))
        self.assertEqual(events.term("протягом 30 днів після скасування воєнного стану"), (0, 30))
        self.assertEqual(events.term("протягом місяця після деокупації"), (1, 0))
        self.assertIsNone(events.term("після припинення воєнного стану"))

    def test_a_dated_event_gives_a_span(self):
        period = {"start": 2025, "end": 2026}
        day = dt.date(2026, 3, 15)
        self.assertEqual(events.dated_span(WAR, day, period), (day, dt.date(2026, 6, 15)))
        after = events.dated_span("після припинення воєнного стану", day, period)
        self.assertEqual(after, (day, dt.date(2026, 12, 31)))
        before = events.dated_span("до припинення воєнного стану", day, period)
        self.assertEqual(before, (dt.date(2025, 1, 1), day))

    def test_the_match_words_are_word_beginnings(self):
        self.assertTrue(events.refers_to(WAR, "воєнн стан"))
        self.assertFalse(events.refers_to(WAR, "деокупац"))


class PlanEventsTestCase(MeetingsTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cplan = make_plan(cls.community, doc=conditional_plan_dict(), user=cls.coordinator)

    def conditional(self):
        return list(self.cplan.current_revision.measures.order_by("position"))[:2]

    def expected_reports(self):
        return ExpectedReport.objects.filter(plan=self.cplan, measure__in=self.conditional())

    def add_event(self, scope="plan"):
        self.login(self.coordinator)
        url = reverse("plans:events", args=[self.cplan.pk])
        data = {"name": "Припинення воєнного стану", "match": "воєнн стан", "scope": scope}
        self.assertRedirects(self.client.post(url, data), url)
        return PlanEvent.objects.get()

    def set_date(self, event, value):
        url = reverse("plans:event_date", args=[self.cplan.pk, event.pk])
        data = {"clear": "1"} if value is None else {f"e{event.pk}-date": value}
        return self.client.post(url, data)

    def test_conditional_measures_owe_nothing_until_the_event_is_dated(self):
        event = self.add_event()
        linked = EventMeasure.objects.filter(event=event).values_list("measure", flat=True)
        self.assertEqual(sorted(linked), sorted(m.pk for m in self.conditional()))
        self.assertFalse(self.expected_reports().exists())
        page = self.client.get(reverse("plans:events", args=[self.cplan.pk]))
        self.assertContains(page, self.conditional()[0].text)

    def test_a_date_gives_the_measures_deadlines_and_expected_reports(self):
        event = self.add_event()
        self.set_date(event, "2026-03-15")
        first = self.conditional()[0]
        self.assertEqual(first.deadline_start, dt.date(2026, 3, 15))
        self.assertEqual(first.deadline_end, dt.date(2026, 6, 15))
        self.assertEqual(first.deadline["event"]["date"], "2026-03-15")
        self.assertEqual(first.deadline["condition"], WAR)
        periods = sorted(set(self.expected_reports().values_list("period", flat=True)))
        self.assertEqual(periods, ["2026-Q1", "2026-Q2"])
        self.assertTrue(
            AuditEntry.objects.filter(
                plan=self.cplan, changes__has_key=f"event:{event.name}"
            ).exists()
        )

    def test_clearing_the_date_takes_the_deadlines_back(self):
        event = self.add_event()
        self.set_date(event, "2026-03-15")
        self.set_date(event, None)
        first = self.conditional()[0]
        self.assertIsNone(first.deadline_end)
        self.assertNotIn("event", first.deadline)
        self.assertEqual(first.deadline["reporting_periods"], [])
        self.assertFalse(self.expected_reports().filter(is_active=True).exists())

    def test_an_organisation_event_reaches_every_plan_below_it(self):
        event = self.add_event(scope="org")
        self.assertEqual(event.organization, self.community)
        self.set_date(event, "2026-03-15")
        self.assertEqual(self.conditional()[1].deadline_end, dt.date(2026, 6, 15))

    def test_a_measure_edit_keeps_the_events_dates(self):
        event = self.add_event()
        self.set_date(event, "2026-03-15")
        first = self.conditional()[0]
        url = reverse("plans:measure_edit", args=[self.cplan.pk, first.pk])
        data = {
            "number": first.number,
            "text": first.text + " (уточнено)",
            "deadline": "Протягом трьох місяців після припинення воєнного стану",
            "funding": first.funding_text,
            "executors": first.executors_text,
            "indicator": first.indicator_text,
            "version": first.version,
        }
        self.client.post(url, data)
        first.refresh_from_db()
        self.assertTrue(first.text.endswith("(уточнено)"))
        self.assertEqual(
            first.deadline_text, "Протягом трьох місяців після припинення воєнного стану"
        )
        self.assertEqual(first.deadline_end, dt.date(2026, 6, 15))

    def test_readers_see_the_events_but_only_coordinators_set_dates(self):
        event = self.add_event()
        self.client.logout()
        self.login(self.reviewer)
        self.assertEqual(
            self.client.get(reverse("plans:events", args=[self.cplan.pk])).status_code, 200
        )
        self.assertEqual(self.set_date(event, "2026-03-15").status_code, 404)
        self.login(self.outsider)
        self.assertEqual(
            self.client.get(reverse("plans:events", args=[self.cplan.pk])).status_code, 404
        )
        self.assertEqual(self.set_date(event, "2026-03-15").status_code, 404)
        event.refresh_from_db()
        self.assertIsNone(event.date)

    def test_the_events_page_costs_the_same_with_more_events(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.add_event()
        url = reverse("plans:events", args=[self.cplan.pk])

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(ctx.captured_queries)

        small = count()
        for i in range(4):
            events.create_event(organization=self.community, name=f"Подія {i}", match="деокупац")
        self.assertEqual(count(), small)
