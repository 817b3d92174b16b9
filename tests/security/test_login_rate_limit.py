"""Login rate limit: per username + address, per address, shared by the admin login."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from tests.web.base import BaseTestCase
from tests.web.factory import PASSWORD


@override_settings(PLANWATCH_LOGIN_FAILURES=3, PLANWATCH_LOGIN_IP_FAILURES=6)
class LoginRateLimitTestCase(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def tearDown(self) -> None:
        cache.clear()

    def attempt(self, username: str, password: str, ip: str = "10.0.0.1", url="/accounts/login/"):
        data = {"username": username, "password": password}
        return self.client.post(url, data, REMOTE_ADDR=ip)

    def test_three_failures_lock_the_username_from_that_address(self):
        for _ in range(3):
            self.assertEqual(self.attempt("coordinator", "wrong").status_code, 200)
        response = self.attempt("coordinator", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_right_password_before_the_limit_logs_in_and_clears_the_count(self):
        self.attempt("coordinator", "wrong")
        self.attempt("coordinator", "wrong")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 302)
        self.client.logout()
        self.attempt("coordinator", "wrong")
        self.attempt("coordinator", "wrong")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 302)

    def test_the_owner_is_not_locked_out_from_another_address(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong", ip="10.6.6.6")
        self.assertEqual(self.attempt("coordinator", PASSWORD, ip="10.0.0.2").status_code, 302)

    def test_one_address_spraying_many_usernames_is_stopped(self):
        for i in range(6):
            self.attempt(f"user{i}", "wrong", ip="10.9.9.9")
        self.assertEqual(self.attempt("coordinator", PASSWORD, ip="10.9.9.9").status_code, 429)

    def test_usernames_are_counted_case_insensitively(self):
        for name in ("Coordinator", "COORDINATOR", "coordinator "):
            self.attempt(name, "wrong")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 429)

    def test_the_admin_login_shares_the_counters(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong", url="/admin/login/")
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 429)
        self.assertEqual(
            self.attempt("coordinator", PASSWORD, url="/admin/login/").status_code, 429
        )

    def test_the_lock_expires_with_the_window(self):
        from planwatch.lib.security import _keys

        for _ in range(3):
            self.attempt("coordinator", "wrong")
        cache.delete_many(_keys("coordinator", "10.0.0.1"))  # what the timeout does
        self.assertEqual(self.attempt("coordinator", PASSWORD).status_code, 302)

    def test_the_refusal_says_why_in_ukrainian(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong")
        response = self.attempt("coordinator", PASSWORD)
        self.assertContains(response, "Забагато невдалих спроб входу", status_code=429)
        self.assertContains(response, "15 хвилин", status_code=429)

    def test_gets_are_never_limited(self):
        for _ in range(3):
            self.attempt("coordinator", "wrong")
        self.assertEqual(
            self.client.get("/accounts/login/", REMOTE_ADDR="10.0.0.1").status_code, 200
        )

    def test_the_counters_are_in_the_database_so_every_server_process_shares_them(self):
        from django.core.cache import caches

        from planwatch.lib.security import _keys

        for _ in range(3):
            self.attempt("coordinator", "wrong")
        other_process = caches.create_connection("default")  # a backend of its own
        self.assertIsNot(other_process, cache)
        user_key, ip_key = _keys("coordinator", "10.0.0.1")
        self.assertEqual(other_process.get_many([user_key, ip_key]), {user_key: 3, ip_key: 3})
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM planwatch_cache")
            self.assertEqual(cursor.fetchone()[0], 2)
