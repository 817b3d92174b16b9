"""Lists page by number with a capped count: exact below the cap, the cap and
`count_exact: false` above it, and paging that goes on past the cap by `next`."""

from __future__ import annotations

from django.test import override_settings

from tests.api.base import ApiTestCase
from tests.support.factory import make_plan


class PaginationTestCase(ApiTestCase):
    def setUp(self):
        super().setUp()
        for i in range(4):
            make_plan(self.community, measures=1, title=f"План {i}")
        self.total = self.get_json("/api/v1/plans/?page_size=200")["count"]

    def test_below_the_cap_the_count_is_exact(self):
        body = self.get_json("/api/v1/plans/?page_size=2")
        self.assertEqual(body["count"], self.total)
        self.assertTrue(body["count_exact"])
        self.assertEqual(len(body["results"]), 2)
        self.assertIn("page=2", body["next"])
        self.assertIsNone(body["previous"])

    def test_above_the_cap_the_count_is_the_cap_and_paging_goes_on(self):
        seen = []
        with override_settings(PLANWATCH_API_COUNT_CAP=3):
            url = "/api/v1/plans/?page_size=2"
            while url:
                body = self.get_json(url)
                self.assertEqual((body["count"], body["count_exact"]), (3, False))
                seen += [row["id"] for row in body["results"]]
                url = body["next"]
        self.assertGreater(self.total, 3)
        self.assertEqual(len(seen), self.total)
        self.assertEqual(len(set(seen)), self.total)

    def test_the_last_page_has_no_next_and_a_previous(self):
        last = (self.total + 1) // 2
        body = self.get_json(f"/api/v1/plans/?page_size=2&page={last}")
        self.assertIsNone(body["next"])
        self.assertIn(f"page={last - 1}" if last > 2 else "page_size=2", body["previous"])
        self.get_json(f"/api/v1/plans/?page_size=2&page={last + 1}", status=404)

    def test_bad_page_numbers_are_404_and_bad_sizes_fall_back_to_the_default(self):
        for page in ("0", "-1", "x", "last", "999999999999999999"):  # no offset overflow
            self.get_json(f"/api/v1/plans/?page={page}", status=404)
        for size in ("0", "-5", "x"):
            body = self.get_json(f"/api/v1/plans/?page_size={size}")
            self.assertEqual(len(body["results"]), min(self.total, 50))
        body = self.get_json("/api/v1/plans/?page_size=100000")
        self.assertEqual(len(body["results"]), min(self.total, 200))

    def test_the_schema_documents_the_capped_count(self):
        schema = self.api().get("/api/v1/openapi.json").json()
        lists = [
            s for name, s in schema["components"]["schemas"].items() if name.startswith("Paginated")
        ]
        self.assertTrue(lists)
        for component in lists:
            self.assertIn("count_exact", component["properties"])
            self.assertIn("10,000", component["properties"]["count"]["description"])


class PastTheCapTestCase(ApiTestCase):
    """A count past the cap is remembered for a minute (no count query); within the cap it
    is made on every request, so a change shows at once."""

    def setUp(self):
        super().setUp()
        for i in range(4):
            make_plan(self.community, measures=1, title=f"План {i}")

    def count_queries(self, url: str) -> tuple[dict, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            body = self.get_json(url)
        return body, sum("COUNT(*)" in q["sql"] for q in ctx.captured_queries)

    def test_past_the_cap_the_count_is_remembered_then_made_again(self):
        from unittest import mock

        from planwatch.api import pagination

        url = "/api/v1/plans/?page_size=2"
        with override_settings(PLANWATCH_API_COUNT_CAP=3):
            body, counted = self.count_queries(url)
            self.assertEqual((body["count"], body["count_exact"], counted), (3, False, 1))
            body, counted = self.count_queries(url)
            self.assertEqual((body["count"], body["count_exact"], counted), (3, False, 0))
            later = pagination._now() + pagination.PAST_CAP_SECONDS + 1
            with mock.patch.object(pagination, "_now", return_value=later):
                body, counted = self.count_queries(url)
            self.assertEqual((body["count"], body["count_exact"], counted), (3, False, 1))

    def test_within_the_cap_every_request_counts_and_sees_a_new_plan(self):
        url = "/api/v1/plans/?page_size=2"
        before, counted = self.count_queries(url)
        self.assertEqual(counted, 1)
        make_plan(self.community, measures=1, title="Ще один план")
        after, counted = self.count_queries(url)
        self.assertEqual(counted, 1)
        self.assertEqual((after["count"], after["count_exact"]), (before["count"] + 1, True))

    def test_another_filter_is_another_count(self):
        with override_settings(PLANWATCH_API_COUNT_CAP=3):
            self.count_queries("/api/v1/plans/?page_size=2")
            body, counted = self.count_queries(
                f"/api/v1/plans/?page_size=2&organization={self.community.pk}"
            )
        self.assertEqual(counted, 1)
