"""Huge, negative, non-numeric or NUL-bearing query parameters never make a server error.

An anonymous `?page=99999999999999999999` answered 500 on the API lists (the offset overflowed
the database's integer), `?org=` huge on monitoring pages too. Every URL of the URL map
(tests/security/urlmap.py) is sent each parameter any view reads, with hostile values, as an
anonymous visitor and as the community's coordinator (and the monitoring pages as an executor,
whose Excel template reads `?org=`): no 5xx. A NUL anywhere in the query is a 400 for all.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import TestCase, override_settings

from tests.security.urlmap import url_for
from tests.security.urls import all_patterns
from tests.security.world import World, request
from tests.support.monitoring_base import EVIDENCE_DIR

HUGE = "99999999999999999999"
# Every parameter a view or an API filter reads (grep request.GET / query_params, the forms).
PARAMS = (
    "org",
    "organization",
    "plan",
    "r",
    "period",
    "year",
    "executor",
    "within",
    "parent",
    "measure",
    "doc",
    "status",
    "show",
    "timing",
    "kind",
    "older",
    "q",
)
# In two groups too: with every parameter bad, a form may refuse the first and never use
# the others (no view reads two parameters of one group).
GROUPS = (("org", "r", "executor", "measure"), ("plan", "year"))
QUERIES = (
    *({name: HUGE for name in group} for group in GROUPS),
    {"page": HUGE},
    {"page_size": HUGE, "page": "2"},
    {p: HUGE for p in PARAMS},
    {p: "x\x00y" for p in PARAMS},
    {"period": "99999999999999-Q9", "year": "0", "org": "1.5", "r": "abc", "plan": " 7"},
)
# Downloads built in full on every request (each query would build one again).
SKIP = ("public:report", "rollup:download", "reports:download")


@override_settings(PLANWATCH_EVIDENCE_ROOT=EVIDENCE_DIR)
class HostileParamsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = World()

    def test_no_url_answers_a_server_error_to_hostile_parameters(self):
        from django.core.cache import cache

        cache.clear()
        roles = ("anonymous", "coordinator", "executor")
        clients = {role: self.world.client(role) for role in roles}
        failures = []
        for pattern in all_patterns():
            if pattern.name.startswith("admin") or pattern.name in SKIP:
                continue
            url = url_for(pattern, self.world)
            for query in QUERIES:
                full = f"{url}?{urlencode(query)}"
                for role, client in clients.items():
                    if role == "executor" and not pattern.name.startswith("monitoring:"):
                        continue  # the executor's own pages (the Excel round trip)
                    status = request(client, "GET", full)
                    if 500 <= status < 600:  # (3020 is a redirect to the login)
                        failures.append(f"{status} {role} GET {full[:160]}")
        self.assertEqual(failures, [], "\n".join(failures))

    def test_a_nul_in_the_query_is_a_clear_400(self):
        response = self.client.get("/public/?q=x%00y")
        self.assertEqual(response.status_code, 400)
        self.assertIn("NUL", response.content.decode())
        self.assertIn("«q»", response.content.decode())

    def test_a_huge_api_page_is_a_404_with_a_message(self):
        response = self.client.get(f"/api/v1/plans/?page={HUGE}")
        self.assertEqual(response.status_code, 404)
        self.assertIn("detail", response.json())

    def test_a_non_numeric_revision_is_not_found(self):
        self.client.force_login(self.world.users["coordinator"])
        for r in ("abc", HUGE, "-1"):
            url = f"/plans/{self.world.plan.pk}/export.csv?r={r}"
            self.assertEqual(self.client.get(url).status_code, 404, r)
        url = f"/plans/{self.world.plan.pk}/export.csv?r=1"
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_huge_org_on_the_report_list_is_ignored_with_the_form_error(self):
        self.client.force_login(self.world.users["coordinator"])
        url = f"/monitoring/plans/{self.world.plan.pk}/reports/?org={HUGE}"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["org"])

    def test_a_huge_id_in_a_bulk_review_is_an_invalid_selection(self):
        from planwatch.monitoring.forms import BulkReviewForm

        form = BulkReviewForm({"action": "accept", "expected": [HUGE]})
        self.assertFalse(form.is_valid())
        self.assertIn("expected", form.errors)
