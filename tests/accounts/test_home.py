"""Each role starts on its own page, and the menu offers only what the role may open."""

from __future__ import annotations

from planwatch.orgs.models import Role
from tests.support.base import BaseTestCase
from tests.support.factory import PASSWORD, make_plan, make_user


class HomeTests(BaseTestCase):
    def landing(self, user) -> str:
        response = self.client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/")
        return self.client.get("/")["Location"]

    def test_an_executor_lands_on_my_reports(self):
        self.assertEqual(self.landing(self.executor), "/monitoring/")
        page = self.client.get("/monitoring/")
        self.assertContains(page, "<h1>Мої звіти</h1>", html=False)
        for count in ("due", "returned", "late"):
            self.assertContains(page, f'data-count="{count}"')

    def test_a_coordinator_lands_on_the_dashboard_of_its_plan(self):
        self.assertEqual(self.landing(self.coordinator), f"/monitoring/plans/{self.plan.pk}/")

    def test_a_coordinator_of_several_plans_lands_on_the_plans_it_monitors(self):
        make_plan(self.community, measures=1, user=self.coordinator)
        self.assertEqual(self.landing(self.coordinator), "/monitoring/")

    def test_a_coordinator_without_plans_lands_on_the_plans_page(self):
        self.assertEqual(self.landing(self.outsider), "/plans/")

    def test_a_reviewer_lands_on_what_awaits_review(self):
        self.assertEqual(
            self.landing(self.reviewer),
            f"/monitoring/plans/{self.plan.pk}/reports/?show=submitted",
        )

    def test_a_viewer_lands_on_the_plans(self):
        self.assertEqual(self.landing(make_user("v", self.community, Role.VIEWER)), "/plans/")

    def test_a_next_parameter_still_wins(self):
        response = self.client.post(
            "/accounts/login/?next=/orgs/",
            {"username": "executor", "password": PASSWORD, "next": "/orgs/"},
        )
        self.assertEqual(response["Location"], "/orgs/")


class MenuTests(BaseTestCase):
    def nav(self, user) -> str:
        self.login(user)
        html = self.client.get("/plans/").content.decode()
        return html[html.index('<nav class="nav"') : html.index("</nav>")]

    def test_an_executor_sees_no_import_no_rollup_no_dashboards(self):
        nav = self.nav(self.executor)
        self.assertIn('href="/monitoring/">Мої звіти', nav)
        self.assertNotIn("/plans/import/", nav)
        self.assertNotIn("/rollup/", nav)
        self.assertEqual(self.client.get("/plans/import/").status_code, 404)

    def test_a_coordinator_sees_import_and_rollup(self):
        nav = self.nav(self.coordinator)
        self.assertIn('href="/plans/import/"', nav)
        self.assertIn('href="/rollup/"', nav)
        self.assertIn('href="/monitoring/">Моніторинг', nav)
        self.assertNotIn("Мої звіти", nav)

    def test_a_viewer_sees_no_import(self):
        nav = self.nav(make_user("v", self.community, Role.VIEWER))
        self.assertNotIn("/plans/import/", nav)
        self.assertIn('href="/rollup/"', nav)

    def test_the_plan_page_links_to_rollup_and_strategy_alignment(self):
        self.login(self.coordinator)
        page = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertContains(page, f'href="/rollup/{self.community.pk}/"')
        self.assertContains(page, f'href="/strategy/review/{self.plan.pk}/"')
        self.login(self.executor)
        page = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertNotContains(page, "/rollup/")
        self.assertNotContains(page, "/strategy/review/")
