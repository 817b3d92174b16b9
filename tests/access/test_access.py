import ast
from pathlib import Path

import planwatch.access
from planwatch.orgs.access import Access
from planwatch.orgs.models import Role
from planwatch.plans.models import Plan
from tests.support.base import BaseTestCase
from tests.support.factory import make_plan, make_user


class AccessTestCase(BaseTestCase):
    def test_anonymous_users_are_sent_to_login(self):
        response = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertRedirects(response, f"/accounts/login/?next=/plans/{self.plan.pk}/")

    def test_the_coordinator_sees_and_may_edit_its_plan(self):
        self.login(self.coordinator)
        response = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertContains(response, f"/plans/{self.plan.pk}/edit/")

    def test_the_reviewer_above_sees_the_plan_but_may_not_edit(self):
        self.login(self.reviewer)
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/edit/").status_code, 404)

    def test_the_executor_sees_the_plan_it_executes(self):
        self.login(self.executor)
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/edit/").status_code, 404)

    def test_the_executor_does_not_see_plans_it_does_not_execute(self):
        other = make_plan(self.community, measures=1)
        other.current_revision.measures.first().executor_links.all().delete()
        self.login(self.executor)
        self.assertEqual(self.client.get(f"/plans/{other.pk}/").status_code, 404)

    def test_the_outsider_gets_404_for_another_community_plan(self):
        self.login(self.outsider)
        for url in (
            f"/plans/{self.plan.pk}/",
            f"/plans/{self.plan.pk}/history/",
            f"/plans/{self.plan.pk}/export.json",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_a_role_on_the_oblast_reaches_every_community_below(self):
        viewer = make_user("oblast-viewer", self.oblast, Role.VIEWER)
        self.login(viewer)
        self.assertEqual(self.client.get(f"/plans/{self.plan.pk}/").status_code, 200)

    def test_the_plan_list_shows_only_visible_plans(self):
        make_plan(self.other_community, measures=1, title="План Бетівської громади")
        self.login(self.coordinator)
        response = self.client.get("/plans/")
        self.assertContains(response, self.plan.title)
        self.assertNotContains(response, "План Бетівської громади")
        self.assertEqual(Plan.objects.count(), 2)

    def test_a_user_without_roles_cannot_import(self):
        nobody = make_user("nobody")
        self.login(nobody)
        self.assertEqual(self.client.get("/plans/import/").status_code, 404)


class OwnMeasuresTestCase(BaseTestCase):
    def test_the_executor_sees_which_measures_are_its_own(self):
        self.login(self.executor)
        response = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertContains(response, "measure-row mine", count=3)

    def test_the_coordinator_sees_no_own_marks(self):
        self.login(self.coordinator)
        self.assertNotContains(self.client.get(f"/plans/{self.plan.pk}/"), "measure-row mine")


class MonitorRuleTestCase(BaseTestCase):
    """`Access.can_monitor_org` (once `sees_plan` and `sees_rollup`) and its queryset form
    `monitored_orgs` are one rule: a seeing role on the organisation or above."""

    def test_the_predicate_and_the_queryset_agree_for_every_role(self):
        orgs = [self.oblast, self.district, self.community, self.other_community, self.service]
        expected = {
            "coordinator": {self.community, self.service},
            "reviewer": {self.district, self.community, self.other_community, self.service},
            "executor": set(),  # executors execute, they do not monitor
            "outsider": {self.other_community},
        }
        for name, monitored in expected.items():
            access = Access(getattr(self, name))
            self.assertEqual({o for o in orgs if access.can_monitor_org(o)}, monitored, name)
            self.assertEqual(set(access.monitored_orgs()), monitored, name)

    def test_the_access_package_imports_no_view(self):
        """Object rules sit below the views of every app (docs/access.md)."""
        package = Path(planwatch.access.__file__).parent
        for module in package.glob("*.py"):
            for node in ast.walk(ast.parse(module.read_text())):
                if isinstance(node, ast.ImportFrom):
                    self.assertNotIn("views", (node.module or "").split("."), module.name)
