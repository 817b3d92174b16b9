from django.core import mail

from tests.support.base import BaseTestCase
from tests.support.factory import PASSWORD


class AuthTestCase(BaseTestCase):
    def test_a_coordinator_logs_in_and_lands_on_its_plans_dashboard(self):
        response = self.client.post(
            "/accounts/login/", {"username": "coordinator", "password": PASSWORD}
        )
        self.assertRedirects(response, "/", target_status_code=302)
        self.assertRedirects(self.client.get("/"), f"/monitoring/plans/{self.plan.pk}/")

    def test_a_wrong_password_is_refused(self):
        response = self.client.post(
            "/accounts/login/", {"username": "coordinator", "password": "nope"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)

    def test_logout_needs_a_post(self):
        self.login(self.coordinator)
        response = self.client.post("/accounts/logout/")
        self.assertRedirects(response, "/accounts/login/")

    def test_password_change(self):
        self.login(self.coordinator)
        response = self.client.post(
            "/accounts/password_change/",
            {
                "old_password": PASSWORD,
                "new_password1": "a-new-long-pass-42",
                "new_password2": "a-new-long-pass-42",
            },
        )
        self.assertRedirects(response, "/accounts/password_change/done/")

    def test_password_reset_sends_a_letter(self):
        self.client.post("/accounts/password_reset/", {"email": "coordinator@example.org"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("/accounts/reset/", mail.outbox[0].body)

    def test_the_profile_lists_the_roles(self):
        self.login(self.coordinator)
        self.assertContains(self.client.get("/accounts/profile/"), self.community.name)
