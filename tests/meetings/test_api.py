"""Meetings, decisions and plan-wide events in the REST API: the pages' rules, documented,
and a constant number of queries per list."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.plans import events
from tests.api.base import ApiTestCase
from tests.meetings.base import conditional_plan_dict, make_decision, make_meeting
from tests.support.factory import make_plan


class MeetingsApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.meeting = make_meeting(cls.mplan)
        cls.late = make_decision(cls.meeting, cls.service, due=dt.date(2025, 9, 30))
        cls.later = make_decision(cls.meeting, cls.center, due=dt.date(2026, 3, 31), number=2)

    def test_readers_of_the_plan_get_its_meetings_with_decisions(self):
        data = self.get_json("/api/v1/meetings/", self.reviewer)
        self.assertEqual([m["id"] for m in data["results"]], [self.meeting.pk])
        row = data["results"][0]
        self.assertEqual(row["period"], "2025-Q3")
        self.assertEqual([d["overdue"] for d in row["decisions"]], [True, False])
        self.assertIsNone(row["minutes"])
        self.get_json(f"/api/v1/meetings/{self.meeting.pk}/", self.executor)

    def test_another_community_sees_nothing(self):
        self.assertEqual(self.ids("/api/v1/meetings/", self.outsider), [])
        self.assertEqual(self.ids("/api/v1/decisions/", self.other_executor), [])
        self.get_json(f"/api/v1/meetings/{self.meeting.pk}/", self.outsider, status=404)

    def test_anonymous_callers_get_401(self):
        for url in ("/api/v1/meetings/", "/api/v1/decisions/", "/api/v1/events/"):
            self.get_json(url, None, status=401)

    def test_decisions_filter_by_overdue_and_organisation(self):
        url = "/api/v1/decisions/?status=overdue"
        self.assertEqual(self.ids(url, self.coordinator), [self.late.pk])
        url = f"/api/v1/decisions/?organization={self.center.pk}"
        self.assertEqual(self.ids(url, self.coordinator), [self.later.pk])
        self.get_json("/api/v1/decisions/?status=whatever", self.coordinator, status=400)

    def test_events_list_the_linked_measures_and_the_date(self):
        cplan = make_plan(self.community, doc=conditional_plan_dict(), user=self.coordinator)
        event = events.create_event(
            plan=cplan, name="Припинення воєнного стану", match="воєнн стан"
        )
        events.set_date(event, dt.date(2026, 3, 15), self.coordinator)
        data = self.get_json(f"/api/v1/events/?plan={cplan.pk}", self.reviewer)
        row = data["results"][0]
        self.assertEqual((row["id"], row["date"]), (event.pk, "2026-03-15"))
        self.assertEqual(len(row["measures"]), 2)
        self.assertEqual(self.ids(f"/api/v1/events/?plan={cplan.pk}", self.outsider), [])

    def test_the_schema_documents_the_new_lists(self):
        paths = self.get_json("/api/v1/openapi.json")["paths"]
        for path in (
            "/api/v1/meetings/",
            "/api/v1/meetings/{id}/",
            "/api/v1/decisions/",
            "/api/v1/events/",
        ):
            self.assertIn(path, paths)

    def count(self, url: str) -> int:
        client = self.api(self.coordinator)
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_lists_cost_the_same_with_more_data(self):
        urls = ["/api/v1/meetings/", "/api/v1/decisions/", "/api/v1/events/"]
        events.create_event(plan=self.mplan, name="Подія", match="воєнн стан")
        before = [self.count(url) for url in urls]
        for i in range(4):
            m = make_meeting(self.mplan, date=dt.date(2025, 1 + i, 5), period="")
            make_decision(m, self.service)
            make_decision(m, self.center, number=2)
            events.create_event(plan=self.mplan, name=f"Подія {i}", match="деокупац")
        self.assertEqual([self.count(url) for url in urls], before)
