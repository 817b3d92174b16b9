"""Who the API takes a caller for: a token, the browser's session, or nobody (401)."""

from __future__ import annotations

import io

from django.core.management import call_command
from rest_framework.authtoken.models import Token

from tests.api.base import ApiTestCase


class AuthTestCase(ApiTestCase):
    def test_a_token_authenticates_its_user(self):
        rows = self.get_json("/api/v1/organizations/", self.executor)["results"]
        self.assertEqual([r["name"] for r in rows], ["Служба у справах дітей"])

    def test_anonymous_callers_get_401_with_the_scheme_named(self):
        response = self.api().get("/api/v1/organizations/")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], "Token")

    def test_a_wrong_token_is_401_even_on_public_lists(self):
        client = self.api()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        self.assertEqual(client.get("/api/v1/plans/").status_code, 401)

    def test_the_browser_session_is_accepted(self):
        self.login(self.coordinator)
        response = self.client.get("/api/v1/organizations/")
        self.assertEqual(response.status_code, 200)

    def test_a_session_write_needs_the_csrf_token(self):
        from rest_framework.test import APIClient

        client = APIClient(enforce_csrf_checks=True)
        client.force_login(self.executor)
        response = client.put("/api/v1/reports/1/", {}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF", response.json()["detail"])


class TokenPageTestCase(ApiTestCase):
    def test_the_page_issues_a_token_and_shows_it_once(self):
        self.login(self.executor)
        response = self.client.post("/accounts/token/", {"action": "rotate"})
        key = Token.objects.get(user=self.executor).key
        self.assertContains(response, key)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotContains(self.client.get("/accounts/token/"), key)

    def test_rotating_stops_the_old_token(self):
        client = self.api(self.executor)
        self.login(self.executor)
        self.client.post("/accounts/token/", {"action": "rotate"})
        self.assertEqual(client.get("/api/v1/organizations/").status_code, 401)

    def test_revoking_deletes_the_token(self):
        self.api(self.executor)
        self.login(self.executor)
        self.client.post("/accounts/token/", {"action": "revoke"})
        self.assertFalse(Token.objects.filter(user=self.executor).exists())

    def test_the_page_needs_a_login(self):
        self.assertRedirects(
            self.client.get("/accounts/token/"), "/accounts/login/?next=/accounts/token/"
        )


class ApiTokenCommandTestCase(ApiTestCase):
    def run_command(self, *args) -> str:
        out = io.StringIO()
        call_command("api_token", *args, stdout=out)
        return out.getvalue().strip()

    def test_it_prints_the_same_token_until_rotated(self):
        first = self.run_command("executor")
        self.assertEqual(self.run_command("executor"), first)
        rotated = self.run_command("executor", "--rotate")
        self.assertNotEqual(rotated, first)
        self.assertEqual(Token.objects.get(user=self.executor).key, rotated)

    def test_revoke(self):
        self.run_command("executor")
        self.run_command("executor", "--revoke")
        self.assertFalse(Token.objects.filter(user=self.executor).exists())

    def test_an_unknown_user_is_an_error(self):
        from django.core.management import CommandError

        with self.assertRaises(CommandError):
            self.run_command("nobody")
