from tests.support.base import BaseTestCase


class PublicPagesTestCase(BaseTestCase):
    def test_published_plans_are_listed_without_login(self):
        response = self.client.get("/public/")
        self.assertContains(response, self.plan.title)

    def test_the_public_plan_page_is_read_only(self):
        response = self.client.get(f"/public/plans/{self.plan.pk}/")
        self.assertContains(response, "захід номер 1")
        self.assertNotContains(response, "/edit/")

    def test_the_public_measure_page_renders(self):
        m = self.first_measure()
        response = self.client.get(f"/public/plans/{self.plan.pk}/measures/{m.pk}/")
        self.assertContains(response, m.text)

    def test_a_hidden_plan_is_not_public(self):
        self.plan.is_public = False
        self.plan.save()
        self.assertEqual(self.client.get(f"/public/plans/{self.plan.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/public/"), self.plan.title)

    def test_open_data_export_is_public(self):
        response = self.client.get(f"/public/plans/{self.plan.pk}/export.json")
        self.assertEqual(response.status_code, 200)
