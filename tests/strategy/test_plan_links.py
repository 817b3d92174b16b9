from tests.support.base import BaseTestCase


class PlanPageLinksTestCase(BaseTestCase):
    def test_monitors_reach_the_dashboard_and_reports_from_the_plan(self):
        for user in (self.coordinator, self.reviewer):
            self.login(user)
            response = self.client.get(f"/plans/{self.plan.pk}/")
            self.assertContains(response, f"/monitoring/plans/{self.plan.pk}/")
            self.assertContains(response, f"/reports/plans/{self.plan.pk}/")

    def test_an_executor_gets_no_links_it_could_not_open(self):
        self.login(self.executor)
        response = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, f"/monitoring/plans/{self.plan.pk}/")
