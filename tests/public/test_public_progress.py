"""The public plan and measure pages: statuses and what was done, from accepted reports only,
no personal data, a progress overview with charts."""

from __future__ import annotations

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.public.base import NOW, PublicTestCase
from tests.support.factory import make_plan, make_plan_dict


@time_machine.travel(NOW, tick=False)
class PublicProgressTestCase(PublicTestCase):
    def test_the_plan_page_shows_what_accepted_reports_say_was_done(self):
        response = self.get("")
        self.assertContains(response, "Проведено навчання для 25 фахівців")
        self.assertContains(response, "Служба у справах дітей")
        for hidden in ("Ще не прийнятий", "Чернетка", "Повернутий"):
            self.assertNotContains(response, hidden)

    def test_no_personal_data_reaches_the_public_pages(self):
        m = self.measures()[0]
        for path in ("", f"measures/{m.pk}/", "measures.csv", "measures.json"):
            body = self.get(path).content.decode("utf-8-sig")
            for secret in ("Петренко", "067 123 45 67", "petrenko@", "@example.org"):
                self.assertNotIn(secret, body, (path, secret))

    def test_statuses_are_counted_and_charted(self):
        response = self.get("")
        counts = {s: n for s, _label, n in response.context["status_counts"]}
        self.assertEqual(counts["done"], 1)
        self.assertEqual(counts["no_data"], 2)
        # measure 2 ended 2025-12-31 without an accepted report
        self.assertEqual(response.context["overdue"], 1)
        self.assertContains(response, "<svg", count=2)

    def test_the_measure_page_shows_its_accepted_reports_and_stable_id(self):
        m = self.measures()[0]
        response = self.get(f"measures/{m.pk}/")
        self.assertContains(response, "Проведено навчання")
        self.assertNotContains(response, "Повернутий звіт центру")
        self.assertEqual(response.context["record"]["measure_uid"], m.pk)
        self.assertContains(response, "status-done")

    def test_the_page_links_the_open_data(self):
        response = self.get("")
        for path in ("measures.csv", "measures.json", "passport.json"):
            self.assertContains(response, f"/public/plans/{self.mplan.pk}/{path}")
        self.assertContains(response, "/public/open-data/")

    def test_the_query_count_does_not_grow_with_the_plan(self):
        small = make_plan(self.community, doc=make_plan_dict(3, title="Малий план"))
        large = make_plan(self.community, doc=make_plan_dict(30, title="Великий план", tasks=5))
        counts = []
        for plan in (small, large):
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(f"/public/plans/{plan.pk}/").status_code, 200)
            counts.append(len(ctx.captured_queries))
        self.assertEqual(counts[0], counts[1])
